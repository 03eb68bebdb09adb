// SPDX-License-Identifier: MIT
// Each measured call needs its state prepared by a setUp of its own (a separate transaction): one contract
// per scenario.
// solhint-disable one-contract-per-file
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "../FloorOracleBaseTest.sol";
import {console} from "forge-std/console.sol";

/// @notice Gas of `submit` in a warm state: five feeders that have all reported before, more than 128
/// rounds so the TWAP ring buffer has wrapped (every slot written is already non-zero). Execution gas
/// goes to snapshots/oracle.json; the test also prints and checks what a feeder pays for the transaction:
/// execution + 21,000 intrinsic + calldata (16 per non-zero byte, 4 per zero byte).
/// The state each measured call needs is prepared in `setUp`, a transaction of its own, so no slot is
/// warm or already dirty when the measured call runs.
abstract contract OracleGasBaseTest is FloorOracleBaseTest {
    uint256 internal constant SUBMIT_TARGET = 60_000;
    uint256 internal constant UPDATE_TARGET = 120_000;
    uint256 internal constant PRICE = 10.2 ether;

    function setUp() public virtual override {
        super.setUp();
        // 130 rounds, each made by three feeders in rotation, so every feeder has reported and no report
        // counts toward the next value yet.
        for (uint256 i; i < 130; ++i) {
            if (i > 0) skip(MIN_SPACING);
            uint256 price = i % 2 == 0 ? 10 ether : 10.1 ether;
            _submit(i % 5, price);
            _submit((i + 1) % 5, price);
            assertTrue(_submit((i + 2) % 5, price), "round");
        }
        assertEq(_roundId(), 130, "warm history");
    }

    /// @dev `feeders[index]` submits PRICE as the measured call; returns what the feeder pays in total.
    function _measure(uint256 index, string memory name) internal returns (uint256 execution, uint256 paid) {
        vm.cool(address(oracle));
        vm.prank(feeders[index]);
        oracle.submit(collection, PRICE);
        execution = vm.snapshotGasLastCall("oracle", name);
        paid = execution + 21_000 + _calldataGas(abi.encodeCall(IFloorOracle.submit, (collection, PRICE)));
        console.log(name, "execution", execution);
        console.log(name, "user-paid estimate", paid);
    }

    function _calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }
}

/// @notice A report that does not complete a quorum: the first one after a value.
contract OracleGasSubmitTest is OracleGasBaseTest {
    function setUp() public override {
        super.setUp();
        skip(MIN_SPACING);
    }

    function test_gas_submit() public {
        uint256 roundBefore = _roundId();
        (, uint256 paid) = _measure(3, "submit");
        assertEq(_roundId(), roundBefore, "no update");
        assertLe(paid, SUBMIT_TARGET, "submit target");
    }
}

/// @notice The report completing a quorum of three among five feeders: scan, median, round, observation.
contract OracleGasUpdateTest is OracleGasBaseTest {
    function setUp() public override {
        super.setUp();
        _submit(3, PRICE);
        _submit(4, PRICE);
        skip(MIN_SPACING);
    }

    function test_gas_update() public {
        (, uint256 paid) = _measure(0, "update");
        assertEq(_roundId(), 131, "new value");
        assertLe(paid, UPDATE_TARGET, "update target");
    }
}

/// @notice The report completing a quorum when all five feeders count: the median of five.
contract OracleGasUpdateFiveTest is OracleGasBaseTest {
    function setUp() public override {
        super.setUp();
        // Four reports during the spacing; the fifth, after it, completes the quorum.
        for (uint256 i; i < 4; ++i) {
            _submit(i, PRICE);
        }
        skip(MIN_SPACING);
    }

    function test_gas_updateFiveReports() public {
        (, uint256 paid) = _measure(4, "update.fiveReports");
        assertEq(_roundId(), 131, "new value");
        assertLe(paid, UPDATE_TARGET, "update target");
    }
}

/// @notice What a pool pays to read the prices inside its own transaction (cold, execution only).
contract OracleGasReadTest is OracleGasBaseTest {
    function setUp() public override {
        super.setUp();
        skip(1 hours);
    }

    function test_gas_borrowPrice() public {
        vm.cool(address(oracle));
        uint256 price = oracle.borrowPrice(collection);
        uint256 execution = vm.snapshotGasLastCall("oracle", "borrowPrice");
        console.log("borrowPrice execution", execution);
        assertGt(price, 0, "price");
    }

    function test_gas_liquidationPrice() public {
        vm.cool(address(oracle));
        uint256 price = oracle.liquidationPrice(collection);
        uint256 execution = vm.snapshotGasLastCall("oracle", "liquidationPrice");
        console.log("liquidationPrice execution", execution);
        assertGt(price, 0, "price");
    }
}

/// @notice Irregular histories, as feeders make them (a value on a 2% move or a 1 h heartbeat, never
/// closer than minSpacing): after the warm history of the base, `_irregularHistory` adds rounds with the
/// given gaps. The TWAP search starts at the cursor kept in the latest round, so the number of
/// observations it reads does not depend on the gaps before the window.
abstract contract OracleGasIrregularBaseTest is OracleGasBaseTest {
    // Five cold slots (state, latest round, latest observation, the two around the window start) and the
    // cold oracle account are 13,100 of it; whatever the gaps of the history.
    uint256 internal constant READ_TARGET = 15_500;

    /// @dev A day without values, then 40 values 10 min apart (the window, 6 h, ends inside them).
    function _gapThenSteady() internal {
        skip(1 days);
        for (uint256 i; i < 40; ++i) {
            if (i > 0) skip(MIN_SPACING);
            _round(i);
        }
    }

    /// @dev 60 values whose gaps alternate, in a pseudo-random order, between 10 min and 1 h.
    function _mixedSpacing() internal {
        for (uint256 i; i < 60; ++i) {
            skip(uint256(keccak256(abi.encode("gap", i))) % 3 == 0 ? 1 hours : MIN_SPACING);
            _round(i);
        }
    }

    function _round(uint256 i) internal {
        uint256 price = i % 2 == 0 ? 10 ether : 10.1 ether;
        _submit(i % 5, price);
        _submit((i + 1) % 5, price);
        assertTrue(_submit((i + 2) % 5, price), "round");
    }

    /// @dev Cold reads of both prices (execution only), recorded under `name`.
    function _measureReads(string memory name) internal {
        vm.cool(address(oracle));
        uint256 price = oracle.liquidationPrice(collection);
        uint256 execution = vm.snapshotGasLastCall("oracle", string.concat("liquidationPrice.", name));
        console.log("liquidationPrice execution", name, execution);
        assertGt(price, 0, "price");
        assertLe(execution, READ_TARGET, "read target");

        vm.cool(address(oracle));
        price = oracle.borrowPrice(collection);
        execution = vm.snapshotGasLastCall("oracle", string.concat("borrowPrice.", name));
        console.log("borrowPrice execution", name, execution);
        assertGt(price, 0, "price");
        assertLe(execution, READ_TARGET, "read target");
    }

    /// @dev Prepares an update completed by feeder 0, after the spacing.
    function _prepareUpdate() internal {
        _submit(3, PRICE);
        _submit(4, PRICE);
        skip(MIN_SPACING);
    }
}

/// @notice Reads 30 min after the last of 40 values 10 min apart that followed a day without values.
contract OracleGasGapReadTest is OracleGasIrregularBaseTest {
    function setUp() public override {
        super.setUp();
        _gapThenSteady();
        skip(30 minutes);
    }

    function test_gas_readsAfterAGap() public {
        _measureReads("afterGap");
    }
}

/// @notice An update after a day without values, then 40 values 10 min apart.
contract OracleGasGapUpdateTest is OracleGasIrregularBaseTest {
    function setUp() public override {
        super.setUp();
        _gapThenSteady();
        _prepareUpdate();
    }

    function test_gas_updateAfterAGap() public {
        uint256 roundBefore = _roundId();
        (, uint256 paid) = _measure(0, "update.afterGap");
        assertEq(_roundId(), roundBefore + 1, "new value");
        assertLe(paid, UPDATE_TARGET, "update target");
    }
}

/// @notice Reads 45 min after the last value of a history mixing 10 min and 1 h gaps.
contract OracleGasMixedReadTest is OracleGasIrregularBaseTest {
    function setUp() public override {
        super.setUp();
        _mixedSpacing();
        skip(45 minutes);
    }

    function test_gas_readsMixedSpacing() public {
        _measureReads("mixedSpacing");
    }
}

/// @notice An update on a history mixing 10 min and 1 h gaps.
contract OracleGasMixedUpdateTest is OracleGasIrregularBaseTest {
    function setUp() public override {
        super.setUp();
        _mixedSpacing();
        _prepareUpdate();
    }

    function test_gas_updateMixedSpacing() public {
        uint256 roundBefore = _roundId();
        (, uint256 paid) = _measure(0, "update.mixedSpacing");
        assertEq(_roundId(), roundBefore + 1, "new value");
        assertLe(paid, UPDATE_TARGET, "update target");
    }
}
