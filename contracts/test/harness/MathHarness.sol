// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {LoanMathLib} from "../../src/libraries/LoanMathLib.sol";
import {PoolMathLib} from "../../src/libraries/PoolMathLib.sol";

/// @notice Every LoanMathLib and PoolMathLib function as an external pure call, under its own name: the
/// SDK's property tests (packages/sdk/test/math.property.test.ts) compare its TypeScript mirrors with
/// these on anvil, results and reverts alike.
contract MathHarness {
    /*//////////////////////////////////////////////////////////////
                               LoanMathLib
    //////////////////////////////////////////////////////////////*/

    function interestUp(uint256 principal, uint256 aprBps, uint256 elapsed) external pure returns (uint256) {
        return LoanMathLib.interestUp(principal, aprBps, elapsed);
    }

    function debtAt(ILoanCore.Loan calldata loan, uint256 timestamp)
        external
        pure
        returns (uint256 interest, uint256 debt)
    {
        return LoanMathLib.debtAt(loan, timestamp);
    }

    function feeOn(uint256 interest, uint256 feeBps) external pure returns (uint256) {
        return LoanMathLib.feeOn(interest, feeBps);
    }

    function refinancingCeiling(uint256 aprBps, uint256 maxAprBps, uint256 elapsed, uint256 duration)
        external
        pure
        returns (uint256)
    {
        return LoanMathLib.refinancingCeiling(aprBps, maxAprBps, elapsed, duration);
    }

    function salePremium(uint256 debtAtStart, uint256 premiumBps, uint256 elapsed, uint256 duration)
        external
        pure
        returns (uint256)
    {
        return LoanMathLib.salePremium(debtAtStart, premiumBps, elapsed, duration);
    }

    /*//////////////////////////////////////////////////////////////
                               PoolMathLib
    //////////////////////////////////////////////////////////////*/

    function borrowRateUp(
        uint256 baseAprBps,
        uint256 slope1Bps,
        uint256 slope2Bps,
        uint256 kinkBps,
        uint256 lent,
        uint256 total
    ) external pure returns (uint256) {
        return PoolMathLib.borrowRateUp(baseAprBps, slope1Bps, slope2Bps, kinkBps, lent, total);
    }

    function lenderShare(uint256 feeBps, uint256 reserveFactorBps) external pure returns (uint256) {
        return PoolMathLib.lenderShare(feeBps, reserveFactorBps);
    }

    function interestRate(uint256 principal, uint256 aprBps, uint256 share) external pure returns (uint256) {
        return PoolMathLib.interestRate(principal, aprBps, share);
    }

    function carriedScaled(uint256 carried, uint256 share) external pure returns (uint256) {
        return PoolMathLib.carriedScaled(carried, share);
    }

    function auctionPrice(uint256 startPrice, uint256 floorPrice, uint256 elapsed, uint256 duration)
        external
        pure
        returns (uint256)
    {
        return PoolMathLib.auctionPrice(startPrice, floorPrice, elapsed, duration);
    }

    function healthFactor(uint256 value, uint256 liquidationThresholdBps, uint256 debt)
        external
        pure
        returns (uint256)
    {
        return PoolMathLib.healthFactor(value, liquidationThresholdBps, debt);
    }

    function toAsset(uint256 ethAmount, uint256 quote, uint256 quoteDecimals, uint256 assetDecimals)
        external
        pure
        returns (uint256)
    {
        return PoolMathLib.toAsset(ethAmount, quote, quoteDecimals, assetDecimals);
    }

    function bpsDown(uint256 amount, uint256 bps) external pure returns (uint256) {
        return PoolMathLib.bpsDown(amount, bps);
    }

    function bpsUp(uint256 amount, uint256 bps) external pure returns (uint256) {
        return PoolMathLib.bpsUp(amount, bps);
    }
}
