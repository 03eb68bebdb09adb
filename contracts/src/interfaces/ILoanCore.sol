// SPDX-License-Identifier: MIT
// Floating on purpose: integrators compile the interfaces with their own 0.8 compiler.
// solhint-disable-next-line compiler-version
pragma solidity ^0.8.0;

import {ILoanTypes} from "./ILoanTypes.sol";

/// @title ILoanCore
/// @notice Hypotheca's loan primitive: NFT-backed loans in ERC-20 currencies, peer to peer (signed lender
/// offers, signed borrow requests) or from a lender contract (pools), fixed-term or open-term.
///
/// Each loan is stored as one hash of its `Loan` struct; callers pass the struct back and events carry
/// every field. Each loan has two transferable ERC-721 notes minted by this contract:
/// `lenderNoteId(loanId)` (receives repayments, holds default rights) and `borrowerNoteId(loanId)` (may
/// repay, refinance, renegotiate, delegate; receives the NFT back). Payments to a recipient that cannot
/// receive (blacklisted, reverting) are booked as claimable balances, so settlement never blocks.
///
/// Rounding: interest rounds up (owed to the lender), the protocol fee rounds down.
/// Warning: fee-on-transfer and rebasing currencies are not supported; the owner must not allow them.
/// Warning: an NFT contract can behave arbitrarily. Lenders choose which collections they accept.
interface ILoanCore is ILoanTypes {
    /*//////////////////////////////////////////////////////////////
                               ORIGINATION
    //////////////////////////////////////////////////////////////*/

    /// @notice Borrow from a lender's signed offer. The NFT comes from the caller, the principal goes to
    /// the caller, the borrower note to `borrower` (the caller when zero).
    /// @param proof Merkle proof of `tokenId` for Scope.TokenSet offers; empty otherwise.
    /// @param delegate delegate.cash delegate for the escrowed NFT (0 = none).
    /// @dev The lender must have approved this contract for `principal` of the currency.
    function acceptOffer(
        LoanOffer calldata offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof,
        address borrower,
        address delegate
    ) external returns (uint256 loanId);

    /// @notice Lend against a borrower's signed request. The principal comes from the caller and goes to
    /// the request's borrower, whose NFT is escrowed; the lender note goes to `lender` (caller when zero).
    function fillRequest(
        BorrowRequest calldata request,
        bytes calldata signature,
        uint256 principal,
        uint32 aprBps,
        address lender
    ) external returns (uint256 loanId);

    /// @notice Borrow from a lender contract (a pool): it approves the terms through
    /// `ILoanLender.onLoanRequested`, then this contract pulls the principal from it. The NFT comes
    /// from the caller, who receives the principal and the borrower note.
    function borrowFrom(address lender, LoanTerms calldata terms, bytes calldata data)
        external
        returns (uint256 loanId);

    /*//////////////////////////////////////////////////////////////
                                REPAYMENT
    //////////////////////////////////////////////////////////////*/

    /// @notice Repays the whole debt; the NFT goes to the borrower-note holder. Anyone may pay. Works in
    /// every state of a live loan, including during a default sale (redemption at the debt, not the
    /// sale price).
    function repay(uint256 loanId, Loan calldata loan) external;

    /// @notice The borrower-note holder (or an operator it approved on the note) pays `amount` toward the
    /// debt: accrued interest first, then principal. Paying the whole debt closes the loan as `repay` does.
    /// @dev Not open to anyone: every partial payment changes the loan's hash, so a stranger paying dust
    /// could make the borrower's pending repayments revert.
    function repayPartial(uint256 loanId, Loan calldata loan, uint256 amount) external;

    /*//////////////////////////////////////////////////////////////
                          REFINANCE AND RENEGOTIATE
    //////////////////////////////////////////////////////////////*/

    /// @notice The borrower-note holder moves the loan to a new signed offer for the same NFT. The new
    /// lender pays the old one in full; the borrower receives `principal - debt` or pays `debt - principal`.
    function refinance(
        uint256 loanId,
        Loan calldata loan,
        LoanOffer calldata offer,
        bytes calldata signature,
        uint256 principal,
        bytes32[] calldata proof
    ) external;

    /// @notice Anyone takes over a fixed-term loan without the borrower's signature on strictly better
    /// terms: APR at least `minAprImprovementBps` lower, due date not earlier, same principal, grace not
    /// shorter; only after `minHoldingPeriod`. The caller pays the old lender the debt and receives the
    /// lender note; accrued interest is carried, not capitalised.
    function takeOver(uint256 loanId, Loan calldata loan, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        external;

    /// @notice Applies terms signed by the lender-note holder. Only the borrower-note holder.
    function renegotiate(
        uint256 loanId,
        Loan calldata loan,
        Renegotiation calldata terms,
        bytes calldata signature
    ) external;

    /*//////////////////////////////////////////////////////////////
                             OPEN-TERM LOANS
    //////////////////////////////////////////////////////////////*/

    /// @notice The lender-note holder calls an open-term loan (after `minCallDelay`), starting a
    /// refinancing auction whose APR ceiling rises from the loan's APR to `maxAprBps`.
    function callLoan(uint256 loanId, Loan calldata loan) external;

    /// @notice During the refinancing auction, anyone takes the loan over at an APR no higher than the
    /// current ceiling, paying the old lender the debt. The loan stays open-term and uncalled.
    function auctionTakeover(uint256 loanId, Loan calldata loan, uint32 aprBps) external;

    /*//////////////////////////////////////////////////////////////
                                 DEFAULT
    //////////////////////////////////////////////////////////////*/

    /// @notice The lender-note holder takes the NFT (to `to`) of a defaulted Foreclose loan, or of an
    /// Auction loan whose sale ended unsold.
    function foreclose(uint256 loanId, Loan calldata loan, address to) external;

    /// @notice The lender-note holder of a `DefaultMode.Managed` loan closes it and takes the NFT (to `to`,
    /// the caller when zero) to liquidate it under its own rules. The core does not judge when: the
    /// borrower chose that lender contract and its code. Nothing is paid here.
    function liquidate(uint256 loanId, Loan calldata loan, address to) external;

    /// @notice Anyone starts the default sale of a defaulted Auction loan.
    function startSale(uint256 loanId, Loan calldata loan) external;

    /// @notice Buys the NFT in the default sale at the current price (at most `maxPrice`), delivered to `to`.
    function buy(uint256 loanId, Loan calldata loan, uint256 maxPrice, address to) external;

    /*//////////////////////////////////////////////////////////////
                           DELEGATION AND CLAIMS
    //////////////////////////////////////////////////////////////*/

    /// @notice The borrower-note holder changes the delegate of the escrowed NFT (0 revokes).
    function setDelegate(uint256 loanId, Loan calldata loan, address delegate) external;

    /// @notice Withdraws the caller's booked balance of `currency` to `to`.
    function claim(address currency, address to) external returns (uint256 amount);

    /// @notice Withdraws collateral booked for the caller because delivering it failed.
    function claimCollateral(address collateral, uint256 tokenId, uint256 amount, uint256 loanId, address to)
        external;

    /*//////////////////////////////////////////////////////////////
                               CANCELLATION
    //////////////////////////////////////////////////////////////*/

    /// @notice The lender cancels one offer.
    function cancelOffer(LoanOffer calldata offer) external;

    /// @notice The caller invalidates all its offers, requests and renegotiations with a nonce below `minNonce`.
    function cancelNoncesBelow(uint256 minNonce) external;

    /*//////////////////////////////////////////////////////////////
                                  ADMIN
    //////////////////////////////////////////////////////////////*/

    /// @notice Owner: allows or disallows a currency for new loans (live loans are unaffected).
    function setCurrencyAllowed(address currency, bool allowed) external;

    /// @notice Owner: protocol fee on interest for new loans, at most `MAX_FEE_BPS`.
    function setProtocolFee(uint16 feeBps) external;

    /// @notice Owner: where protocol fees go.
    function setTreasury(address treasury) external;

    /// @notice Owner: who may pause originations.
    function setGuardian(address guardian) external;

    /// @notice Guardian or owner: pauses or resumes new lending — `acceptOffer`, `fillRequest`,
    /// `borrowFrom`, `refinance` and `takeOver` (each puts new money at risk). Repay, claims, calls,
    /// foreclosure, refinancing auctions and default sales are never paused.
    function setPaused(bool paused) external;

    /*//////////////////////////////////////////////////////////////
                                  VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice Hash of the live loan's state; zero once closed.
    function loanHash(uint256 loanId) external view returns (bytes32);

    /// @notice Interest owed and total debt of `loan` at `timestamp`; reverts (arithmetic) before
    /// `accrualStart`.
    function debtAt(Loan calldata loan, uint256 timestamp)
        external
        pure
        returns (uint256 interest, uint256 debt);

    /// @notice Open-term refinancing auction: the APR ceiling at `timestamp` (meaningful only for a called
    /// loan, between `callTime` and the auction's end).
    function refinancingCeiling(Loan calldata loan, uint256 timestamp) external view returns (uint256 aprBps);

    /// @notice Default sale: the price at `timestamp` (debt plus the decaying premium); meaningful only
    /// once the sale started, at or after `saleStart`.
    function salePrice(Loan calldata loan, uint256 timestamp) external view returns (uint256 price);

    /// @notice Principal already lent from an offer (type(uint256).max once cancelled).
    function offerUsed(bytes32 offerHash) external view returns (uint256);

    function minNonce(address account) external view returns (uint256);
    function claimable(address account, address currency) external view returns (uint256);
    function isCurrencyAllowed(address currency) external view returns (bool);

    function hashOffer(LoanOffer calldata offer) external view returns (bytes32 digest);
    function hashRequest(BorrowRequest calldata request) external view returns (bytes32 digest);
    function hashRenegotiation(Renegotiation calldata terms) external view returns (bytes32 digest);

    function lenderNoteId(uint256 loanId) external pure returns (uint256);
    function borrowerNoteId(uint256 loanId) external pure returns (uint256);
}
