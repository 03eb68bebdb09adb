// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {EthRejecter} from "./EthRejecter.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice acceptOfferForEth: borrow from a WETH offer, receive ETH.
contract AcceptOfferForEthTest is WethGatewayBaseTest {
    function test_acceptOfferForEth_sendsPrincipalAsEth() public {
        uint256 lenderWethBefore = weth.balanceOf(lender);

        _borrowWithEth();

        assertEq(borrower.balance, PRINCIPAL, "borrower ETH");
        assertEq(weth.balanceOf(borrower), 0, "borrower WETH");
        assertEq(weth.balanceOf(lender), lenderWethBefore - PRINCIPAL, "lender WETH");
    }

    function test_acceptOfferForEth_notesGoToCallerAndLender() public {
        (uint256 loanId,) = _borrowWithEth();

        IERC721 notes = IERC721(address(core));
        assertEq(notes.ownerOf(core.borrowerNoteId(loanId)), borrower, "borrower note");
        assertEq(notes.ownerOf(core.lenderNoteId(loanId)), lender, "lender note");
        assertEq(notes.balanceOf(address(gateway)), 0, "gateway notes");
    }

    function test_acceptOfferForEth_escrowsNftInCore() public {
        _borrowWithEth();

        assertEq(nft.ownerOf(TOKEN_ID), address(core));
        assertEq(nft.getApproved(TOKEN_ID), address(0), "approval left");
    }

    function test_acceptOfferForEth_leavesGatewayEmpty() public {
        _borrowWithEth();

        _assertGatewayEmpty();
    }

    function test_acceptOfferForEth_emitsLoanStartedWithCallerAsBorrower() public {
        ILoanCore.Loan memory expected = _loanFromOffer(_offer(), PRINCIPAL, address(0));

        vm.expectEmit(address(core));
        emit ILoanTypes.LoanStarted(1, lender, borrower, expected);

        _borrowWithEth();
    }

    function test_acceptOfferForEth_worksWithPerTokenApproval() public {
        vm.startPrank(borrower);
        nft.setApprovalForAll(address(gateway), false);
        nft.approve(address(gateway), TOKEN_ID);
        vm.stopPrank();

        _borrowWithEth();

        assertEq(borrower.balance, PRINCIPAL);
        _assertGatewayEmpty();
    }

    function test_acceptOfferForEth_erc1155Collateral() public {
        (uint256 loanId,) = _borrowWithEth(_offer1155(), PRINCIPAL, address(0));

        assertEq(borrower.balance, PRINCIPAL, "borrower ETH");
        assertEq(multiToken.balanceOf(address(core), TOKEN_ID), ERC1155_AMOUNT, "escrowed");
        assertEq(multiToken.balanceOf(borrower, TOKEN_ID), 0, "borrower ERC-1155");
        assertEq(IERC721(address(core)).ownerOf(core.borrowerNoteId(loanId)), borrower, "borrower note");
        _assertGatewayEmpty();
    }

    function test_acceptOfferForEth_erc1155PullsOnlyTheOfferAmount() public {
        multiToken.mint(borrower, TOKEN_ID, 3);

        _borrowWithEth(_offer1155(), PRINCIPAL, address(0));

        assertEq(multiToken.balanceOf(borrower, TOKEN_ID), 3);
        _assertGatewayEmpty();
    }

    function test_acceptOfferForEth_delegatesToChosenWallet() public {
        _borrowWithEth(_offer(), PRINCIPAL, delegate);

        assertTrue(registry.checkDelegateForERC721(delegate, address(core), address(nft), TOKEN_ID, ""));
    }

    function test_acceptOfferForEth_delegatesErc1155Amount() public {
        _borrowWithEth(_offer1155(), PRINCIPAL, delegate);

        assertEq(
            registry.checkDelegateForERC1155(delegate, address(core), address(multiToken), TOKEN_ID, ""),
            ERC1155_AMOUNT
        );
    }

    function test_acceptOfferForEth_revertsOnNonWethCurrency() public {
        ILoanCore.LoanOffer memory offer = _offer();
        offer.currency = address(otherToken);
        bytes memory signature = _signOffer(offer);

        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IWethGateway.NotWethCurrency.selector, address(otherToken)));
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), address(0));
    }

    function test_acceptOfferForEth_revertsWithoutApprovalToGateway() public {
        vm.prank(borrower);
        nft.setApprovalForAll(address(gateway), false);
        ILoanCore.LoanOffer memory offer = _offer();
        bytes memory signature = _signOffer(offer);

        vm.prank(borrower);
        vm.expectRevert(ERC721.NotOwnerNorApproved.selector);
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), address(0));
    }

    function test_acceptOfferForEth_bubblesCoreErrors() public {
        ILoanCore.LoanOffer memory offer = _offer();
        bytes32 digest = core.hashOffer(offer);
        bytes memory signature = _sign(borrowerKey, digest);

        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidSignature.selector, lender, digest));
        gateway.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), address(0));

        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT back with the borrower");
    }

    function test_acceptOfferForEth_revertsWhenCallerCannotReceiveEth() public {
        EthRejecter wallet = new EthRejecter();
        uint256 tokenId = TOKEN_ID + 1;
        nft.mint(address(wallet), tokenId);
        wallet.execute(address(nft), abi.encodeCall(nft.setApprovalForAll, (address(gateway), true)));
        ILoanCore.LoanOffer memory offer = _offer();
        offer.tokenId = tokenId;
        bytes memory call = abi.encodeCall(
            gateway.acceptOfferForEth,
            (offer, _signOffer(offer), tokenId, PRINCIPAL, new bytes32[](0), address(0))
        );

        vm.expectRevert(
            abi.encodeWithSelector(IWethGateway.EthTransferFailed.selector, address(wallet), PRINCIPAL)
        );
        wallet.execute(address(gateway), call);
    }

    /// @dev WETH someone sent the gateway by mistake is not paid out to the next borrower.
    function test_acceptOfferForEth_paysOnlyWhatTheCorePaid() public {
        _fundWeth(address(this), 1 ether);
        weth.transfer(address(gateway), 1 ether);

        _borrowWithEth();

        assertEq(borrower.balance, PRINCIPAL, "borrower ETH");
        assertEq(weth.balanceOf(address(gateway)), 1 ether, "stray WETH untouched");
    }

    function testFuzz_acceptOfferForEth_anyPrincipal(uint256 principal) public {
        principal = bound(principal, 1, MAX_PRINCIPAL);

        _borrowWithEth(_offer(), principal, address(0));

        assertEq(borrower.balance, principal);
        _assertGatewayEmpty();
    }

    function testFuzz_acceptOfferForEth_erc1155Amounts(uint256 amount, uint256 extra, uint256 principal)
        public
    {
        amount = bound(amount, 1, 1e30);
        extra = bound(extra, 0, 1e30);
        principal = bound(principal, 1, MAX_PRINCIPAL);
        multiToken.mint(borrower, TOKEN_ID, amount + extra);
        uint256 balance = multiToken.balanceOf(borrower, TOKEN_ID);
        ILoanCore.LoanOffer memory offer = _offer1155();
        offer.collateralAmount = amount;

        _borrowWithEth(offer, principal, address(0));

        assertEq(borrower.balance, principal, "borrower ETH");
        assertEq(multiToken.balanceOf(address(core), TOKEN_ID), amount, "escrowed");
        assertEq(multiToken.balanceOf(borrower, TOKEN_ID), balance - amount, "borrower keeps the rest");
        _assertGatewayEmpty();
    }
}
