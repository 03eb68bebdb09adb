// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {HookedERC721} from "./HookedERC721.sol";
import {ReentrantReceiver} from "./ReentrantReceiver.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ERC1155} from "solady/tokens/ERC1155.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice Known incident classes: pulling from someone other than the caller (Gondi Sell&Repay, 2026),
/// re-entry through ETH receivers and NFT hooks, assets left behind in a periphery contract.
contract WethGatewaySecurityTest is WethGatewayBaseTest {
    /*//////////////////////////////////////////////////////////////
                  MISSING CALLER CHECK / APPROVAL THEFT
    //////////////////////////////////////////////////////////////*/

    /// @dev The borrower approved the gateway for all its NFTs (setUp); an attacker with a valid offer
    /// naming the borrower's token cannot make the gateway pull it.
    function test_acceptOfferForEth_attackerCannotUseAnotherUsersApprovalForAll() public {
        ILoanCore.LoanOffer memory offer = _offer();
        bytes memory signature = _signOffer(offer);

        vm.prank(attacker);
        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), attacker);

        assertEq(nft.ownerOf(TOKEN_ID), borrower);
        assertEq(attacker.balance, 0);
    }

    function test_acceptOfferForEth_attackerCannotUseAnotherUsersTokenApproval() public {
        vm.startPrank(borrower);
        nft.setApprovalForAll(address(gateway), false);
        nft.approve(address(gateway), TOKEN_ID);
        vm.stopPrank();
        ILoanCore.LoanOffer memory offer = _offer();
        bytes memory signature = _signOffer(offer);

        vm.prank(attacker);
        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), attacker);

        assertEq(nft.ownerOf(TOKEN_ID), borrower);
    }

    function test_acceptOfferForEth_attackerCannotUseAnotherUsersErc1155Approval() public {
        // Even an attacker who approved the gateway itself only moves its own (zero) balance.
        vm.prank(attacker);
        multiToken.setApprovalForAll(address(gateway), true);
        ILoanCore.LoanOffer memory offer = _offer1155();
        bytes memory signature = _signOffer(offer);

        vm.prank(attacker);
        vm.expectRevert(ERC1155.InsufficientBalance.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), attacker);

        assertEq(multiToken.balanceOf(borrower, TOKEN_ID), ERC1155_AMOUNT);
    }

    /// @dev Whoever calls, only the caller's assets move: any other caller fails and the owner keeps
    /// the NFT.
    function testFuzz_acceptOfferForEth_onlyPullsFromCaller(address caller) public {
        vm.assume(caller != borrower && caller != address(0));
        ILoanCore.LoanOffer memory offer = _offer();
        bytes memory signature = _signOffer(offer);

        vm.prank(caller);
        vm.expectRevert(ERC721.TransferFromIncorrectOwner.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), caller);

        assertEq(nft.ownerOf(TOKEN_ID), borrower);
    }

    /// @dev The gateway never holds a WETH allowance from anyone: a repayment is funded by the
    /// caller's ETH only, never by the lender's or a user's WETH approvals.
    function test_repayWithEth_cannotSpendOthersWeth() public {
        (uint256 loanId, ILoanCore.Loan memory loan) = _borrowWithEth();
        _fundWeth(borrower, 100 ether);
        vm.prank(borrower);
        weth.approve(address(gateway), type(uint256).max);
        vm.deal(attacker, 1);

        // Same block: no interest, so the debt is the principal.
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanTypes.PaymentFailed.selector, address(weth), address(gateway), PRINCIPAL
            )
        );
        gateway.repayWithEth{value: 1}(loanId, loan);
    }

    /*//////////////////////////////////////////////////////////////
                                RE-ENTRY
    //////////////////////////////////////////////////////////////*/

    function _reentrantBorrower()
        internal
        returns (ReentrantReceiver wallet, ILoanCore.LoanOffer memory offer)
    {
        wallet = new ReentrantReceiver();
        uint256 tokenId = TOKEN_ID + 1;
        nft.mint(address(wallet), tokenId);
        wallet.execute(address(nft), abi.encodeCall(nft.setApprovalForAll, (address(gateway), true)));
        offer = _offer();
        offer.tokenId = tokenId;
    }

    function test_reentrancy_payoutReceiverCannotReenter() public {
        (ReentrantReceiver wallet, ILoanCore.LoanOffer memory offer) = _reentrantBorrower();
        bytes memory borrow = abi.encodeCall(
            gateway.acceptOfferForEth,
            (offer, _signOffer(offer), offer.tokenId, PRINCIPAL, new bytes32[](0), address(0))
        );
        // On payout, try to borrow again with the same call.
        wallet.setReentry(address(gateway), borrow, true);

        wallet.execute(address(gateway), borrow);

        assertTrue(wallet.attempted(), "re-entry attempted");
        assertEq(
            wallet.reentryError(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)
        );
        assertEq(address(wallet).balance, PRINCIPAL, "paid once");
        _assertGatewayEmpty();
    }

    function test_reentrancy_payoutReceiverRevertingFailsTheBorrow() public {
        (ReentrantReceiver wallet, ILoanCore.LoanOffer memory offer) = _reentrantBorrower();
        bytes memory borrow = abi.encodeCall(
            gateway.acceptOfferForEth,
            (offer, _signOffer(offer), offer.tokenId, PRINCIPAL, new bytes32[](0), address(0))
        );
        wallet.setReentry(address(gateway), borrow, false);

        vm.expectRevert(
            abi.encodeWithSelector(IWethGateway.EthTransferFailed.selector, address(wallet), PRINCIPAL)
        );
        wallet.execute(address(gateway), borrow);

        assertEq(nft.ownerOf(offer.tokenId), address(wallet), "NFT not taken");
    }

    function test_reentrancy_refundReceiverCannotReenter() public {
        (uint256 loanId, ILoanCore.Loan memory loan) = _borrowWithEth();
        skip(1 days);
        ReentrantReceiver wallet = new ReentrantReceiver();
        uint256 debt = _debtNow(loan);
        bytes memory repay = abi.encodeCall(gateway.repayWithEth, (loanId, loan));
        wallet.setReentry(address(gateway), repay, true);

        wallet.execute{value: debt + 1 ether}(address(gateway), repay);

        assertEq(
            wallet.reentryError(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector)
        );
        assertEq(address(wallet).balance, 1 ether, "refund once");
        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT to the borrower");
        _assertGatewayEmpty();
    }

    /// @dev A collection whose transfer calls back into the gateway mid-borrow (NFT hook re-entry).
    function test_reentrancy_throughNftTransferHook() public {
        (uint256 loanId, ILoanCore.Loan memory loan) = _borrowWithEth();
        HookedERC721 hooked = new HookedERC721();
        hooked.mint(borrower, TOKEN_ID);
        vm.prank(borrower);
        hooked.setApprovalForAll(address(gateway), true);
        hooked.setHook(address(gateway), abi.encodeCall(gateway.repayWithEth, (loanId, loan)));
        ILoanCore.LoanOffer memory offer = _offer();
        offer.collateral = address(hooked);
        bytes memory signature = _signOffer(offer);

        vm.prank(borrower);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), address(0));
    }

    /*//////////////////////////////////////////////////////////////
                           NOTHING LEFT BEHIND
    //////////////////////////////////////////////////////////////*/

    function test_lifecycle_gatewayHoldsNothingAfterEachStep() public {
        (uint256 loanId, ILoanCore.Loan memory loan) = _borrowWithEth();
        _assertGatewayEmpty();

        skip(5 days);
        vm.prank(borrower);
        IERC721(address(core)).setApprovalForAll(address(gateway), true);
        vm.deal(borrower, 10 ether);
        vm.prank(borrower);
        gateway.repayPartialWithEth{value: 3 ether}(loanId, loan, 2 ether);
        _assertGatewayEmpty();
        (uint256 interest,) = core.debtAt(loan, block.timestamp);
        loan.principal -= 2 ether - interest;
        loan.accrualStart = uint40(block.timestamp);
        assertEq(core.loanHash(loanId), keccak256(abi.encode(loan)), "updated loan");

        skip(5 days);
        uint256 debt = _debtNow(loan);
        vm.deal(borrower, debt + 1 ether);
        vm.prank(borrower);
        gateway.repayWithEth{value: debt + 1 ether}(loanId, loan);
        _assertGatewayEmpty();
        assertEq(nft.ownerOf(TOKEN_ID), borrower);

        (loanId,) = _borrowWithEth(_offer1155(), PRINCIPAL, delegate);
        _assertGatewayEmpty();
    }
}
