// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TickerLens} from "../../src/periphery/TickerLens.sol";
import {MockAggregator} from "../mocks/MockAggregator.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Chainlink proxies number rounds `phaseId << 64 | aggregatorRoundId`; when the aggregator behind
/// a proxy changes, the phase increases and aggregator rounds restart at 1. The lens searches the latest
/// phase only.
contract TickerLensChainlinkPhasesTest is BaseTest {
    uint80 internal constant PHASE_2 = uint80(2) << 64;

    MockAggregator internal aggregator;
    /// @dev Phase 1: five hourly rounds from START_TIME. Phase 2: three hourly rounds from START_TIME + 10 hours.
    uint256 internal phase2Start;

    function setUp() public override {
        super.setUp();
        aggregator = new MockAggregator(USD_DECIMALS);
        for (uint256 i; i < 5; ++i) {
            aggregator.pushRound(SafeCast.toInt256(100 + i), START_TIME + i * 1 hours);
        }
        aggregator.setPhase(2);
        phase2Start = START_TIME + 10 hours;
        for (uint256 i; i < 3; ++i) {
            aggregator.pushRound(SafeCast.toInt256(200 + i), phase2Start + i * 1 hours);
        }
        vm.warp(phase2Start + 3 hours);
    }

    function test_quote_latestRoundCarriesPhaseId() public view {
        TickerLens.Quote memory quote = lens.quote(address(aggregator), block.timestamp);

        assertEq(quote.roundId, PHASE_2 | 3, "roundId");
        assertEq(quote.answer, 202, "answer");
        assertEq(quote.pastRoundId, PHASE_2 | 3, "since now: latest");
    }

    function test_quote_sinceWithinLatestPhaseFindsPhaseRound() public view {
        TickerLens.Quote memory quote = lens.quote(address(aggregator), phase2Start + 1 hours + 59 minutes);

        assertEq(quote.pastRoundId, PHASE_2 | 2, "pastRoundId");
        assertEq(quote.pastAnswer, 201, "pastAnswer");
        assertEq(quote.pastUpdatedAt, phase2Start + 1 hours, "pastUpdatedAt");
    }

    function test_quote_sinceAtFirstRoundOfLatestPhase() public view {
        TickerLens.Quote memory quote = lens.quote(address(aggregator), phase2Start);

        assertEq(quote.pastRoundId, PHASE_2 | 1, "pastRoundId");
        assertEq(quote.pastAnswer, 200, "pastAnswer");
    }

    /// @dev Phase 1 has rounds at or before `since`, but the search does not leave the latest phase.
    function test_quote_sinceBeforeLatestPhaseDoesNotSearchEarlierPhase() public view {
        TickerLens.Quote memory quote = lens.quote(address(aggregator), START_TIME + 3 hours);

        assertTrue(quote.hasData, "hasData");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
        assertEq(quote.pastAnswer, 0, "pastAnswer");
        assertEq(quote.pastUpdatedAt, 0, "pastUpdatedAt");
    }

    function test_quote_singleRoundPhaseTooNewHasNoPastRound() public {
        aggregator.setPhase(3);
        aggregator.pushRound(300, block.timestamp);

        TickerLens.Quote memory quote = lens.quote(address(aggregator), block.timestamp - 1);

        assertEq(quote.roundId, (uint80(3) << 64) | 1, "roundId");
        assertEq(quote.pastRoundId, 0, "pastRoundId");
    }

    /// @dev Any phase id and history length: the past round is found inside that phase by binary search.
    function testFuzz_quote_pastRoundStaysInLatestPhase(uint16 phaseId, uint256 roundCount, uint256 since)
        public
    {
        phaseId = uint16(bound(phaseId, 3, type(uint16).max));
        roundCount = bound(roundCount, 1, 50);
        aggregator.setPhase(phaseId);
        uint256 phaseStart = block.timestamp + 1 hours;
        for (uint256 i; i < roundCount; ++i) {
            aggregator.pushRound(SafeCast.toInt256(i + 1), phaseStart + i * 1 hours);
        }
        since = bound(since, START_TIME, phaseStart + roundCount * 1 hours);

        TickerLens.Quote memory quote = lens.quote(address(aggregator), since);

        // Linear scan: rounds at phaseStart + (n - 1) hours, n = 1..roundCount.
        uint256 expected = since < phaseStart ? 0 : (since - phaseStart) / 1 hours + 1;
        if (expected > roundCount) expected = roundCount;
        uint80 phase = uint80(phaseId) << 64;
        assertEq(quote.pastRoundId, expected == 0 ? 0 : phase | SafeCast.toUint80(expected), "pastRoundId");
        assertEq(quote.pastAnswer, SafeCast.toInt256(expected), "pastAnswer");
    }
}
