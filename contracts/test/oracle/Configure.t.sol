// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract ConfigureTest is FloorOracleBaseTest {
    function test_configure_listsCollection() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = 4;
        vm.prank(owner);
        oracle.configure(otherCollection, config);

        _assertConfig(oracle.collectionConfig(otherCollection), config);
        assertEq(oracle.feeders(otherCollection).length, 0, "no feeders yet");
        assertFalse(oracle.paused(otherCollection), "not paused");
    }

    function test_configure_emitsCollectionConfigured() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        vm.expectEmit(address(oracle));
        emit IFloorOracle.CollectionConfigured(otherCollection, config);
        vm.prank(owner);
        oracle.configure(otherCollection, config);
    }

    function test_configure_changesRulesAndKeepsHistoryFeedersAndPause() public {
        _quorum(FLOOR);
        vm.prank(guardian);
        oracle.setPaused(collection, true);
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = 5;
        config.maxDeviationBps = 500;
        _configure(config);

        _assertConfig(oracle.collectionConfig(collection), config);
        assertEq(_spot(), FLOOR, "price kept");
        assertEq(_roundId(), 1, "round kept");
        assertEq(oracle.feeders(collection).length, FEEDER_COUNT, "feeders kept");
        assertTrue(oracle.paused(collection), "pause kept");
    }

    function test_configure_newQuorumAppliesToReportsAlreadySubmitted() public {
        _submit(0, FLOOR);
        _submit(1, FLOOR);
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = 4;
        _configure(config);

        assertFalse(_submit(2, FLOOR), "three of four");
        assertTrue(_submit(3, FLOOR), "four of four, counting the reports from before the change");
    }

    function test_configure_acceptsTheBoundaries() public {
        IFloorOracle.CollectionConfig memory config = IFloorOracle.CollectionConfig({
            quorum: 15,
            maxReportAge: 1,
            minSpacing: 1,
            maxDeviationBps: NO_CLAMP_BPS,
            maxSpreadBps: 1,
            twapWindow: 127,
            maxStaleness: 1
        });
        _configure(config);
        _assertConfig(oracle.collectionConfig(collection), config);

        config.quorum = 3;
        config.maxDeviationBps = 1;
        config.maxSpreadBps = type(uint16).max;
        config.minSpacing = type(uint32).max;
        config.twapWindow = type(uint32).max;
        _configure(config);
        _assertConfig(oracle.collectionConfig(collection), config);
    }

    function test_configure_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        oracle.configure(otherCollection, _defaultConfig());
    }

    function test_configure_revertsForZeroCollection() public {
        _expectInvalid("collection", 0);
        oracle.configure(address(0), _defaultConfig());
    }

    function test_configure_revertsForQuorumBelowThree() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = 2;
        _expectInvalid("quorum", 2);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForQuorumAboveMaxFeeders() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = 16;
        _expectInvalid("quorum", 16);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroMaxReportAge() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxReportAge = 0;
        _expectInvalid("maxReportAge", 0);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroMinSpacing() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.minSpacing = 0;
        _expectInvalid("minSpacing", 0);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroMaxDeviation() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxDeviationBps = 0;
        _expectInvalid("maxDeviationBps", 0);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForMaxDeviationAboveOneHundredPercent() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxDeviationBps = 10_001;
        _expectInvalid("maxDeviationBps", 10_001);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroMaxSpread() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxSpreadBps = 0;
        _expectInvalid("maxSpreadBps", 0);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroTwapWindow() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.twapWindow = 0;
        _expectInvalid("twapWindow", 0);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForTwapWindowBeyondTheBuffer() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.twapWindow = 127 * MIN_SPACING + 1;
        _expectInvalid("twapWindow", 127 * MIN_SPACING + 1);
        oracle.configure(collection, config);
    }

    function test_configure_revertsForZeroMaxStaleness() public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.maxStaleness = 0;
        _expectInvalid("maxStaleness", 0);
        oracle.configure(collection, config);
    }

    /// @dev The window rule over the whole domain: accepted iff 0 < window <= 127 * spacing.
    function testFuzz_configure_twapWindowRule(uint32 minSpacing, uint32 window) public {
        vm.assume(minSpacing > 0);
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.minSpacing = minSpacing;
        config.twapWindow = window;
        bool valid = window > 0 && uint256(window) <= 127 * uint256(minSpacing);
        if (!valid) _expectInvalid("twapWindow", window);
        else vm.prank(owner);
        oracle.configure(collection, config);
        if (valid) assertEq(oracle.collectionConfig(collection).twapWindow, window, "stored");
    }

    function testFuzz_configure_quorumRule(uint8 quorum) public {
        IFloorOracle.CollectionConfig memory config = _defaultConfig();
        config.quorum = quorum;
        bool valid = quorum >= 3 && quorum <= 15;
        if (!valid) _expectInvalid("quorum", quorum);
        else vm.prank(owner);
        oracle.configure(collection, config);
        if (valid) assertEq(oracle.collectionConfig(collection).quorum, quorum, "stored");
    }

    function testFuzz_configure_revertsForAnyNonOwner(address caller) public {
        vm.assume(caller != owner);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
        oracle.configure(collection, _defaultConfig());
    }

    /// @dev Expects the owner's next call to revert InvalidParameter(name, value).
    function _expectInvalid(bytes32 name, uint256 value) internal {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.InvalidParameter.selector, name, value));
        vm.prank(owner);
    }

    function _assertConfig(
        IFloorOracle.CollectionConfig memory actual,
        IFloorOracle.CollectionConfig memory expected
    ) internal pure {
        assertEq(actual.quorum, expected.quorum, "quorum");
        assertEq(actual.maxReportAge, expected.maxReportAge, "maxReportAge");
        assertEq(actual.minSpacing, expected.minSpacing, "minSpacing");
        assertEq(actual.maxDeviationBps, expected.maxDeviationBps, "maxDeviationBps");
        assertEq(actual.maxSpreadBps, expected.maxSpreadBps, "maxSpreadBps");
        assertEq(actual.twapWindow, expected.twapWindow, "twapWindow");
        assertEq(actual.maxStaleness, expected.maxStaleness, "maxStaleness");
    }
}
