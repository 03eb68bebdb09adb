// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";

/// @notice borrowPrice = min(spot, TWAP), guarded by pause and staleness; liquidationPrice unguarded.
contract BorrowPriceTest is FloorOracleBaseTest {
    function test_borrowPrice_isSpotAfterAFall() public {
        _quorum(10 ether);
        skip(3 hours);
        _quorum(9 ether);

        assertEq(oracle.borrowPrice(collection), 9 ether, "spot below twap");
        assertEq(oracle.twap(collection), 10 ether, "twap still at 10");
    }

    function test_borrowPrice_isTwapAfterARise() public {
        _quorum(10 ether);
        skip(3 hours);
        _quorum(11 ether);
        skip(1 hours);

        // 3 h at 10 and 1 h at 11.
        assertEq(oracle.borrowPrice(collection), 10.25 ether, "twap below spot");
    }

    function test_borrowPrice_revertsBeforeTheFirstValue() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.borrowPrice(collection);
    }

    function test_borrowPrice_revertsForUnlistedCollection() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, otherCollection));
        oracle.borrowPrice(otherCollection);
    }

    function test_borrowPrice_freshAtExactlyMaxStaleness() public {
        _quorum(FLOOR);
        skip(MAX_STALENESS);
        assertEq(oracle.borrowPrice(collection), FLOOR, "still fresh");
    }

    function test_borrowPrice_revertsOnceStale() public {
        _quorum(FLOOR);
        skip(MAX_STALENESS + 1);

        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.StalePrice.selector, collection, START_TIME, MAX_STALENESS)
        );
        oracle.borrowPrice(collection);
        assertEq(oracle.liquidationPrice(collection), FLOOR, "liquidation price still served");
    }

    function test_borrowPrice_aNewValueClearsStaleness() public {
        _quorum(FLOOR);
        skip(MAX_STALENESS + 1);
        _quorum(FLOOR);
        assertEq(oracle.borrowPrice(collection), FLOOR, "fresh again");
    }

    function test_borrowPrice_pauseIsCheckedBeforeEverythingElse() public {
        vm.prank(guardian);
        oracle.setPaused(collection, true);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection));
        oracle.borrowPrice(collection);

        _quorum(FLOOR);
        skip(MAX_STALENESS + 1);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.PricePaused.selector, collection));
        oracle.borrowPrice(collection);
    }

    function test_liquidationPrice_revertsBeforeTheFirstValue() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.NoPrice.selector, collection));
        oracle.liquidationPrice(collection);
    }

    /// @dev Any history: min(spot, twap), never above either.
    function testFuzz_borrowPrice_isMinOfSpotAndTwap(uint256[8] memory raw) public {
        for (uint256 i; i < raw.length; ++i) {
            skip(MIN_SPACING + raw[i] % 1 hours);
            _quorum(bound(raw[i] >> 64, 5 ether, 15 ether));
        }
        skip(raw[0] % MAX_STALENESS);
        uint256 spot = _spot();
        uint256 average = oracle.twap(collection);
        uint256 price = oracle.borrowPrice(collection);

        assertEq(price, spot < average ? spot : average, "min");
        assertLe(price, spot, "<= spot");
        assertLe(price, average, "<= twap");
    }
}
