// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../../script/LoanDefaults.sol";
import {IDelegateRegistry} from "../../../src/interfaces/IDelegateRegistry.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {ILoanCoreExtension, LoanCore} from "../../../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../../../src/lending/LoanCoreExtension.sol";
import {UnitBase} from "./UnitBase.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @dev Owner setters, ownership and deployment checks. The pause's reach is in SetPaused.t.sol.
contract AdminTest is UnitBase {
    function _expectNotOwner(address caller) internal {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        vm.prank(caller);
    }

    /*//////////////////////////////////////////////////////////////
                              CURRENCIES
    //////////////////////////////////////////////////////////////*/

    function test_setCurrencyAllowed_ownerAllowsAndDisallows() public {
        vm.expectEmit(address(core));
        emit ILoanTypes.CurrencyAllowed(address(usd), false);
        vm.prank(owner);
        core.setCurrencyAllowed(address(usd), false);
        assertFalse(core.isCurrencyAllowed(address(usd)), "disallowed");

        vm.prank(owner);
        core.setCurrencyAllowed(address(usd), true);
        assertTrue(core.isCurrencyAllowed(address(usd)), "allowed");
    }

    function test_setCurrencyAllowed_revertsForNonOwner() public {
        _expectNotOwner(attacker);
        core.setCurrencyAllowed(address(usd), false);

        _expectNotOwner(guardian);
        core.setCurrencyAllowed(address(usd), false);
    }

    function test_setCurrencyAllowed_revertsForAnAddressWithoutCode() public {
        address notAToken = makeAddr("notAToken");

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector, bytes32("currency"), uint256(uint160(notAToken))
            )
        );
        vm.prank(owner);
        core.setCurrencyAllowed(notAToken, true);
    }

    function test_setCurrencyAllowed_disallowingLeavesLiveLoansRepayable() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(owner);
        core.setCurrencyAllowed(address(weth), false);
        skip(1 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(nft.ownerOf(1), borrower, "repaid");
    }

    /*//////////////////////////////////////////////////////////////
                                 FEES
    //////////////////////////////////////////////////////////////*/

    function test_setProtocolFee_ownerSetsTheFeeForNewLoans() public {
        vm.expectEmit(address(core));
        emit ILoanTypes.ProtocolFeeSet(2000);
        vm.prank(owner);
        core.setProtocolFee(2000);

        (, ILoanTypes.Loan memory loan) = _openLoan();
        assertEq(core.originationConfig().feeBps, 2000, "config");
        assertEq(loan.feeBps, 2000, "new loan");
    }

    function test_setProtocolFee_maximumIsAccepted() public {
        vm.prank(owner);
        core.setProtocolFee(2500);

        assertEq(core.originationConfig().feeBps, 2500, "25%");
        assertEq(core.MAX_FEE_BPS(), 2500, "cap");
    }

    function test_setProtocolFee_revertsAboveTheCap() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.FeeTooHigh.selector, 2501, 2500));
        vm.prank(owner);
        core.setProtocolFee(2501);
    }

    function test_setProtocolFee_revertsForNonOwner() public {
        _expectNotOwner(attacker);
        core.setProtocolFee(0);
    }

    function test_setProtocolFee_liveLoansKeepTheirFee() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.prank(owner);
        core.setProtocolFee(2500);
        skip(30 days);
        uint256 interest = _interest(1 ether, 1000, 30 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(weth.balanceOf(treasury), _feeOn(interest, FEE_BPS), "fee fixed at origination");
    }

    function test_setProtocolFee_zeroFeeSendsAllInterestToTheLender() public {
        vm.prank(owner);
        core.setProtocolFee(0);
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(30 days);
        uint256 lenderBefore = weth.balanceOf(lender);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(weth.balanceOf(lender) - lenderBefore, 1 ether + _interest(1 ether, 1000, 30 days), "all");
        assertEq(weth.balanceOf(treasury), 0, "no fee");
    }

    /*//////////////////////////////////////////////////////////////
                               TREASURY
    //////////////////////////////////////////////////////////////*/

    function test_setTreasury_redirectsFees() public {
        address newTreasury = makeAddr("newTreasury");
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        vm.expectEmit(address(core));
        emit ILoanTypes.TreasurySet(newTreasury);
        vm.prank(owner);
        core.setTreasury(newTreasury);
        skip(30 days);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(
            weth.balanceOf(newTreasury), _feeOn(_interest(1 ether, 1000, 30 days), FEE_BPS), "new treasury"
        );
        assertEq(weth.balanceOf(treasury), 0, "old treasury");
        assertEq(core.originationConfig().treasury, newTreasury, "config");
    }

    function test_setTreasury_revertsForZero() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("treasury"), 0));
        vm.prank(owner);
        core.setTreasury(address(0));
    }

    function test_setTreasury_revertsForNonOwner() public {
        _expectNotOwner(attacker);
        core.setTreasury(attacker);
    }

    /*//////////////////////////////////////////////////////////////
                               GUARDIAN
    //////////////////////////////////////////////////////////////*/

    function test_setGuardian_ownerSetsTheGuardian() public {
        address newGuardian = makeAddr("newGuardian");

        vm.expectEmit(address(core));
        emit ILoanTypes.GuardianSet(newGuardian);
        vm.prank(owner);
        core.setGuardian(newGuardian);

        assertEq(core.guardian(), newGuardian, "guardian");
        vm.prank(newGuardian);
        core.setPaused(true);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.Unauthorized.selector, guardian));
        vm.prank(guardian);
        core.setPaused(false);
    }

    function test_setGuardian_revertsForNonOwner() public {
        _expectNotOwner(guardian);
        core.setGuardian(attacker);
    }

    /*//////////////////////////////////////////////////////////////
                               OWNERSHIP
    //////////////////////////////////////////////////////////////*/

    function test_transferOwnership_takesEffectOnlyWhenAccepted() public {
        address newOwner = makeAddr("newOwner");
        vm.prank(owner);
        core.transferOwnership(newOwner);
        assertEq(core.owner(), owner, "still the old owner");

        vm.prank(newOwner);
        core.acceptOwnership();

        assertEq(core.owner(), newOwner, "new owner");
        _expectNotOwner(owner);
        core.setProtocolFee(0);
    }

    /*//////////////////////////////////////////////////////////////
                              DEPLOYMENT
    //////////////////////////////////////////////////////////////*/

    function test_constructor_revertsForZeroTreasury() public {
        LoanCoreExtension extension = new LoanCoreExtension(delegateRegistry, LoanDefaults.parameters());

        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("treasury"), 0));
        new LoanCore(
            owner,
            address(0),
            delegateRegistry,
            LoanDefaults.parameters(),
            ILoanCoreExtension(address(extension))
        );
    }

    function test_constructor_revertsForExtensionWithOtherParameters() public {
        ILoanTypes.Parameters memory other = LoanDefaults.parameters();
        other.saleDuration = 3 days;
        LoanCoreExtension extension = new LoanCoreExtension(delegateRegistry, other);

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector,
                bytes32("extension"),
                uint256(uint160(address(extension)))
            )
        );
        new LoanCore(
            owner,
            treasury,
            delegateRegistry,
            LoanDefaults.parameters(),
            ILoanCoreExtension(address(extension))
        );
    }

    function test_constructor_revertsForExtensionWithAnotherRegistry() public {
        LoanCoreExtension extension = new LoanCoreExtension(delegateRegistry, LoanDefaults.parameters());
        IDelegateRegistry otherRegistry = IDelegateRegistry(makeAddr("otherRegistry"));

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector,
                bytes32("extension"),
                uint256(uint160(address(extension)))
            )
        );
        new LoanCore(
            owner, treasury, otherRegistry, LoanDefaults.parameters(), ILoanCoreExtension(address(extension))
        );
    }

    function test_constructor_revertsForExtensionWithoutCode() public {
        address notAnExtension = makeAddr("notAnExtension");

        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector, bytes32("extension"), uint256(uint160(notAnExtension))
            )
        );
        new LoanCore(
            owner, treasury, delegateRegistry, LoanDefaults.parameters(), ILoanCoreExtension(notAnExtension)
        );
    }

    function test_constructor_revertsForInvalidParameters() public {
        ILoanTypes.Parameters memory parameters = LoanDefaults.parameters();
        parameters.minAprImprovementBps = 10_001;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector, bytes32("minAprImprovementBps"), 10_001
            )
        );
        new LoanCoreExtension(delegateRegistry, parameters);

        parameters = LoanDefaults.parameters();
        parameters.refinancingAuctionDuration = 0;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.InvalidParameter.selector, bytes32("refinancingAuctionDuration"), 0
            )
        );
        new LoanCoreExtension(delegateRegistry, parameters);

        parameters = LoanDefaults.parameters();
        parameters.saleDuration = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("saleDuration"), 0)
        );
        new LoanCoreExtension(delegateRegistry, parameters);

        parameters = LoanDefaults.parameters();
        parameters.maxAprBps = 0;
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidParameter.selector, bytes32("maxAprBps"), 0));
        new LoanCoreExtension(delegateRegistry, parameters);
    }

    function test_constructor_setsOwnerTreasuryAndParameters() public view {
        ILoanTypes.Parameters memory parameters = core.loanParameters();

        assertEq(core.owner(), owner, "owner");
        assertEq(core.originationConfig().treasury, treasury, "treasury");
        assertEq(
            keccak256(abi.encode(parameters)), keccak256(abi.encode(LoanDefaults.parameters())), "parameters"
        );
        assertEq(parameters.minAprImprovementBps, MIN_APR_IMPROVEMENT_BPS, "minAprImprovementBps");
        assertEq(parameters.minHoldingPeriod, MIN_HOLDING_PERIOD, "minHoldingPeriod");
        assertEq(parameters.minCallDelay, MIN_CALL_DELAY, "minCallDelay");
        assertEq(parameters.refinancingAuctionDuration, AUCTION_DURATION, "refinancingAuctionDuration");
        assertEq(parameters.maxAprBps, MAX_APR_BPS, "maxAprBps");
        assertEq(parameters.saleDuration, SALE_DURATION, "saleDuration");
        assertEq(parameters.saleStartPremiumBps, SALE_PREMIUM_BPS, "saleStartPremiumBps");
        assertEq(address(core.delegateRegistry()), address(delegateRegistry), "registry");
    }
}
