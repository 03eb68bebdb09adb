// SPDX-License-Identifier: MIT
// One file for the whole temporary real-core run: a base and one thin subclass per suite.
// solhint-disable one-contract-per-file
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {AcceptOfferForEthTest} from "./AcceptOfferForEth.t.sol";
import {FillRequestWithEthTest} from "./FillRequestWithEth.t.sol";
import {RepayPartialWithEthTest} from "./RepayPartialWithEth.t.sol";
import {RepayWithEthTest} from "./RepayWithEth.t.sol";
import {WethGatewayGuardsTest} from "./WethGatewayGuards.t.sol";
import {WethGatewayInvariantTest} from "./WethGatewayInvariants.t.sol";
import {WethGatewaySecurityTest} from "./WethGatewaySecurity.t.sol";
import {StdCheats} from "forge-std/StdCheats.sol";

/// @notice Every gateway suite again, against the real LoanCore instead of LoanCoreStandIn.
/// @dev TEMPORARY while LoanCore is over EIP-170: `deployCodeTo` runs its constructor as a call and etches
/// the runtime code, which the size limit does not apply to. Loaded by artifact name, so this file does not
/// compile against LoanCore. Once LoanCore deploys, replace `_deployCore` in WethGatewayBaseTest with
/// `new LoanCore(...)` and delete this file and LoanCoreStandIn.
abstract contract RealCore is StdCheats {
    function _realCore(address treasury, address registry) internal returns (ILoanCore core) {
        core = ILoanCore(address(uint160(uint256(keccak256("hypotheca.test.realLoanCore")))));
        ILoanCore.Parameters memory parameters = ILoanCore.Parameters({
            minAprImprovementBps: 500,
            minHoldingPeriod: 1 days,
            minCallDelay: 1 days,
            refinancingAuctionDuration: 1 days,
            maxAprBps: 100_000,
            saleDuration: 3 days,
            saleStartPremiumBps: 1000
        });
        deployCodeTo(
            "LoanCore.sol:LoanCore", abi.encode(address(this), treasury, registry, parameters), address(core)
        );
    }
}

contract AcceptOfferForEthRealCoreTest is AcceptOfferForEthTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract FillRequestWithEthRealCoreTest is FillRequestWithEthTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract RepayWithEthRealCoreTest is RepayWithEthTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract RepayPartialWithEthRealCoreTest is RepayPartialWithEthTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract WethGatewayGuardsRealCoreTest is WethGatewayGuardsTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract WethGatewaySecurityRealCoreTest is WethGatewaySecurityTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}

contract WethGatewayInvariantRealCoreTest is WethGatewayInvariantTest, RealCore {
    function _deployCore() internal override returns (ILoanCore) {
        return _realCore(treasury, address(registry));
    }
}
