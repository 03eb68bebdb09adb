// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanCore} from "../interfaces/ILoanCore.sol";
import {IWETH} from "./IWETH.sol";
import {IWethGateway} from "./IWethGateway.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title WethGateway
/// @author Hypotheca
/// @notice ETH in and out for WETH loans of the loan core. Stateless: no owner, no storage, nothing held
/// between transactions.
/// @dev Every entry point pulls only from `msg.sender`, is non-reentrant, and leaves no allowance: ERC-721
/// approvals are consumed by the core's transfer, ERC-1155 operator approval is revoked, and the unused
/// part of a WETH allowance is reset and refunded.
contract WethGateway is IWethGateway, ReentrancyGuardTransient {
    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IWethGateway
    ILoanCore public immutable loanCore; // solhint-disable-line immutable-vars-naming
    /// @inheritdoc IWethGateway
    IWETH public immutable weth; // solhint-disable-line immutable-vars-naming

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    /// @notice Binds the gateway to one loan core and its WETH; nothing else is configurable.
    /// @param loanCore_ The loan core.
    /// @param weth_ The WETH contract the core's WETH loans use.
    constructor(ILoanCore loanCore_, IWETH weth_) {
        loanCore = loanCore_;
        weth = weth_;
    }

    /// @notice Takes ETH only from WETH (unwrapping); anything else would be stuck, so it reverts.
    receive() external payable {
        if (msg.sender != address(weth)) revert UnexpectedEth(msg.sender);
    }

    /*//////////////////////////////////////////////////////////////
                               ORIGINATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IWethGateway
    function acceptOfferForEth(
        ILoanCore.LoanOffer calldata offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof,
        address delegate
    ) external nonReentrant returns (uint256 loanId) {
        if (offer.currency != address(weth)) revert NotWethCurrency(offer.currency);
        uint256 wethBefore = weth.balanceOf(address(this));
        if (offer.collateralAmount == 0) {
            IERC721 collateral = IERC721(offer.collateral);
            collateral.transferFrom(msg.sender, address(this), tokenId);
            // The core's transferFrom consumes this approval.
            collateral.approve(address(loanCore), tokenId);
            loanId = loanCore.acceptOffer(offer, signature, tokenId, principal, proof, msg.sender, delegate);
        } else {
            IERC1155 collateral = IERC1155(offer.collateral);
            collateral.safeTransferFrom(msg.sender, address(this), tokenId, offer.collateralAmount, "");
            collateral.setApprovalForAll(address(loanCore), true);
            loanId = loanCore.acceptOffer(offer, signature, tokenId, principal, proof, msg.sender, delegate);
            collateral.setApprovalForAll(address(loanCore), false);
        }
        // What the core paid in this call, not `principal`: never more than this transaction brought.
        uint256 received = weth.balanceOf(address(this)) - wethBefore;
        weth.withdraw(received);
        _sendEth(msg.sender, received);
    }

    /// @inheritdoc IWethGateway
    function fillRequestWithEth(
        ILoanCore.BorrowRequest calldata request,
        bytes calldata signature,
        uint32 aprBps
    ) external payable nonReentrant returns (uint256 loanId) {
        if (request.currency != address(weth)) {
            revert NotWethCurrency(request.currency);
        }
        _wrapAndApprove(msg.value);
        loanId = loanCore.fillRequest(request, signature, msg.value, aprBps, msg.sender);
        _refundUnspent(0);
    }

    /*//////////////////////////////////////////////////////////////
                                REPAYMENT
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IWethGateway
    function repayWithEth(uint256 loanId, ILoanCore.Loan calldata loan) external payable nonReentrant {
        if (loan.currency != address(weth)) revert NotWethCurrency(loan.currency);
        _wrapAndApprove(msg.value);
        loanCore.repay(loanId, loan);
        _refundUnspent(0);
    }

    /// @inheritdoc IWethGateway
    function repayPartialWithEth(uint256 loanId, ILoanCore.Loan calldata loan, uint256 amount)
        external
        payable
        nonReentrant
    {
        if (loan.currency != address(weth)) revert NotWethCurrency(loan.currency);
        if (msg.value < amount) revert InsufficientEth(msg.value, amount);
        // The core lets the gateway pay only as an operator the borrower approved on its note; the
        // gateway in turn acts only for that borrower.
        address holder = IERC721(address(loanCore)).ownerOf(loanCore.borrowerNoteId(loanId));
        if (msg.sender != holder) revert NotBorrower(msg.sender, holder);
        _wrapAndApprove(amount);
        loanCore.repayPartial(loanId, loan, amount);
        _refundUnspent(msg.value - amount);
    }

    /*//////////////////////////////////////////////////////////////
                                 RECEIVER
    //////////////////////////////////////////////////////////////*/

    /// @notice Accepts only the ERC-1155 collateral the gateway itself pulls in `acceptOfferForEth`.
    /// @param operator Who started the transfer; must be this gateway.
    /// @return The ERC-1155 acceptance magic value.
    function onERC1155Received(address operator, address, uint256, uint256, bytes calldata)
        external
        view
        returns (bytes4)
    {
        if (operator != address(this)) revert UnexpectedToken(msg.sender, operator);
        return this.onERC1155Received.selector;
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev Wraps `amount` of this call's ETH and lets the core pull it.
    function _wrapAndApprove(uint256 amount) internal {
        weth.deposit{value: amount}();
        weth.approve(address(loanCore), amount);
    }

    /// @dev Resets what the core did not pull of its allowance and refunds it, with `extraEth` never
    /// wrapped, to the caller. The allowance is exactly this call's unused ETH: nothing else is ever approved.
    function _refundUnspent(uint256 extraEth) internal {
        uint256 unspent = weth.allowance(address(this), address(loanCore));
        if (unspent != 0) {
            weth.approve(address(loanCore), 0);
            weth.withdraw(unspent);
        }
        uint256 refund = unspent + extraEth;
        if (refund != 0) _sendEth(msg.sender, refund);
    }

    /// @dev Forwards all gas (the recipient may be a smart wallet); re-entry is blocked by the guard.
    /// Copies no return data, so a hostile recipient cannot return-bomb the caller.
    function _sendEth(address to, uint256 amount) internal {
        bool success;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            success := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!success) revert EthTransferFailed(to, amount);
    }
}
