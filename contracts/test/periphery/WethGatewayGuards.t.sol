// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {IWETH} from "../../src/periphery/IWETH.sol";
import {IWethGateway} from "../../src/periphery/IWethGateway.sol";
import {WethGateway} from "../../src/periphery/WethGateway.sol";
import {StipendWETH} from "./StipendWETH.sol";
import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

/// @notice Construction and the guards that keep assets from getting stuck in the gateway.
contract WethGatewayGuardsTest is WethGatewayBaseTest {
    function test_constructor_setsCoreAndWeth() public view {
        assertEq(address(gateway.loanCore()), address(core));
        assertEq(address(gateway.weth()), address(weth));
    }

    function test_receive_revertsFromAnyoneButWeth() public {
        vm.deal(payer, 1 ether);

        vm.prank(payer);
        (bool success, bytes memory result) = address(gateway).call{value: 1 ether}("");

        assertFalse(success, "accepted ETH");
        assertEq(result, abi.encodeWithSelector(IWethGateway.UnexpectedEth.selector, payer));
        assertEq(address(gateway).balance, 0);
    }

    function test_receive_revertsOnUnknownCalldata() public {
        vm.deal(payer, 1 ether);

        vm.prank(payer);
        (bool success,) = address(gateway).call{value: 1 ether}(hex"12345678");

        assertFalse(success);
    }

    function test_onERC1155Received_rejectsDirectTransfers() public {
        vm.prank(borrower);
        vm.expectRevert(
            abi.encodeWithSelector(IWethGateway.UnexpectedToken.selector, address(multiToken), borrower)
        );
        multiToken.safeTransferFrom(borrower, address(gateway), TOKEN_ID, 1, "");
    }

    function test_onERC1155Received_rejectsBatchTransfers() public {
        uint256[] memory ids = new uint256[](1);
        uint256[] memory amounts = new uint256[](1);
        ids[0] = TOKEN_ID;
        amounts[0] = 1;

        vm.prank(borrower);
        vm.expectRevert();
        multiToken.safeBatchTransferFrom(borrower, address(gateway), ids, amounts, "");
    }

    function testFuzz_onERC1155Received_onlyForTheGatewaysOwnPulls(address operator) public {
        vm.assume(operator != address(gateway));

        vm.expectRevert(
            abi.encodeWithSelector(IWethGateway.UnexpectedToken.selector, address(this), operator)
        );
        gateway.onERC1155Received(operator, operator, TOKEN_ID, 1, "");

        assertEq(
            gateway.onERC1155Received(address(gateway), borrower, TOKEN_ID, 1, ""),
            gateway.onERC1155Received.selector
        );
    }

    /// @dev No ERC-721 receiver hook: NFTs sent with safeTransferFrom bounce instead of getting stuck.
    function test_erc721SafeTransfer_bounces() public {
        vm.prank(borrower);
        vm.expectRevert(ERC721.TransferToNonERC721ReceiverImplementer.selector);
        nft.safeTransferFrom(borrower, address(gateway), TOKEN_ID);
    }

    /// @dev Mainnet WETH9 unwraps with `transfer` (2,300 gas): receive() must fit in the stipend.
    function test_receive_fitsWeth9TransferStipend() public {
        StipendWETH weth9 = new StipendWETH();
        WethGateway gateway9 = new WethGateway(core, IWETH(address(weth9)));
        core.setCurrencyAllowed(address(weth9), true);
        vm.deal(lender, 100 ether);
        vm.startPrank(lender);
        weth9.deposit{value: 100 ether}();
        weth9.approve(address(core), type(uint256).max);
        vm.stopPrank();
        vm.prank(borrower);
        nft.setApprovalForAll(address(gateway9), true);
        ILoanCore.LoanOffer memory offer = _offer();
        offer.currency = address(weth9);
        bytes memory signature = _signOffer(offer);

        vm.prank(borrower);
        uint256 loanId =
            gateway9.acceptOfferForEth(offer, signature, TOKEN_ID, PRINCIPAL, new bytes32[](0), address(0));
        assertEq(borrower.balance, PRINCIPAL, "borrowed ETH");

        ILoanCore.Loan memory loan = _loanFromOffer(offer, PRINCIPAL, address(0));
        skip(1 days);
        uint256 debt = _debtNow(loan);
        vm.deal(payer, debt + 1 ether);
        vm.prank(payer);
        gateway9.repayWithEth{value: debt + 1 ether}(loanId, loan);

        assertEq(payer.balance, 1 ether, "refund");
        assertEq(nft.ownerOf(TOKEN_ID), borrower, "NFT back");
    }
}
