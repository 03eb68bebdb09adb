// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LendingBaseTest} from "../LendingBaseTest.sol";

/// @notice Helpers for the loan core's unit tests: independent math, offer and request builders, and
/// one-line wrappers that run an action as the right actor and return the loan's new state.
abstract contract UnitBase is LendingBaseTest {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;
    /// @dev secp256k1 group order, to build malleable (high-s) signatures.
    uint256 internal constant SECP256K1_N =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    // LoanDefaults, restated: a silent change of the deployment defaults must fail these tests.
    uint256 internal constant MIN_APR_IMPROVEMENT_BPS = 1000;
    uint256 internal constant MIN_HOLDING_PERIOD = 2 days;
    uint256 internal constant MIN_CALL_DELAY = 3 days;
    uint256 internal constant AUCTION_DURATION = 2 days;
    uint256 internal constant MAX_APR_BPS = 100_000;
    uint256 internal constant SALE_DURATION = 2 days;
    uint256 internal constant SALE_PREMIUM_BPS = 30_000;

    uint8 internal constant CLOSED_REPAID = 0;
    uint8 internal constant CLOSED_FORECLOSED = 1;
    uint8 internal constant CLOSED_SOLD = 2;

    /*//////////////////////////////////////////////////////////////
                          INDEPENDENT COMPUTATIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev ceil(principal * apr * elapsed / (1e4 * 365 days)), written out (inputs bounded by callers).
    function _interest(uint256 principal, uint256 aprBps, uint256 elapsed) internal pure returns (uint256) {
        uint256 numerator = principal * aprBps * elapsed;
        uint256 denominator = BPS * YEAR;
        return numerator / denominator + (numerator % denominator == 0 ? 0 : 1);
    }

    function _feeOn(uint256 interest, uint256 feeBps) internal pure returns (uint256) {
        return interest * feeBps / BPS;
    }

    function _noProof() internal pure returns (bytes32[] memory) {
        return new bytes32[](0);
    }

    function _loanCount() internal view returns (uint256) {
        return core.originationConfig().loanCount;
    }

    function _assertStored(uint256 loanId, ILoanTypes.Loan memory loan) internal view {
        assertEq(core.loanHash(loanId), keccak256(abi.encode(loan)), "stored loan hash");
    }

    function _assertClosed(uint256 loanId) internal view {
        assertEq(core.loanHash(loanId), bytes32(0), "loan hash deleted");
        vm.assertFalse(_noteExists(core.lenderNoteId(loanId)), "lender note burned");
        vm.assertFalse(_noteExists(core.borrowerNoteId(loanId)), "borrower note burned");
    }

    /// @dev A separate copy (memory struct assignment only aliases).
    function _copy(ILoanTypes.Loan memory loan) internal pure returns (ILoanTypes.Loan memory) {
        return abi.decode(abi.encode(loan), (ILoanTypes.Loan));
    }

    function _noteExists(uint256 noteId) internal view returns (bool) {
        try core.ownerOf(noteId) returns (address) {
            return true;
        } catch {
            return false;
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 OFFERS
    //////////////////////////////////////////////////////////////*/

    function _tokenOffer(uint256 tokenId) internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.Token;
        offer.tokenId = tokenId;
    }

    function _openTermOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.duration = 0;
        offer.gracePeriod = 0;
    }

    function _auctionOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
    }

    /// @dev A USD collection offer: 500-1,000 USD, capacity 10,000 USD.
    function _usdOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.currency = address(usd);
        offer.minPrincipal = 500e6;
        offer.maxPrincipal = 1000e6;
        offer.capacity = 10_000e6;
    }

    /// @dev An ERC-1155 offer: 3 of item 1.
    function _itemsOffer() internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _collectionOffer();
        offer.collateral = address(items);
        offer.scope = ILoanTypes.Scope.Token;
        offer.tokenId = 1;
        offer.collateralAmount = 3;
    }

    /// @dev `caller` takes `offer` signed with `key`; returns the loan as recorded.
    function _acceptAs(
        address caller,
        ILoanTypes.LoanOffer memory offer,
        uint256 key,
        uint256 tokenId,
        uint256 principal,
        bytes32[] memory proof,
        address borrowerParam
    ) internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        bytes memory signature = _signOffer(key, offer);
        vm.recordLogs();
        vm.prank(caller);
        loanId = core.acceptOffer(offer, signature, tokenId, principal, proof, borrowerParam, address(0));
        loan = _lastLoan();
    }

    function _openTermLoan() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        return _accept(_openTermOffer(), 1, 1 ether);
    }

    function _auctionLoan() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        return _accept(_auctionOffer(), 1, 1 ether);
    }

    function _usdLoan() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        return _accept(_usdOffer(), 1, 1000e6);
    }

    /// @dev First second after the due date plus grace of a fixed-term loan.
    function _defaultTime(ILoanTypes.Loan memory loan) internal pure returns (uint256) {
        return uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1;
    }

    /*//////////////////////////////////////////////////////////////
                               SIGNATURES
    //////////////////////////////////////////////////////////////*/

    /// @dev `key`'s signature of `digest` with s' = n - s and the other v: the malleable twin that raw
    /// ecrecover accepts and the core must reject.
    function _signHighS(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        return abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27));
    }

    /*//////////////////////////////////////////////////////////////
                             BORROW REQUESTS
    //////////////////////////////////////////////////////////////*/

    /// @dev The borrower asks for at least 1 WETH on token 1 at up to 20% APR, 30 days + 1 day grace.
    function _request() internal view returns (ILoanTypes.BorrowRequest memory) {
        return ILoanTypes.BorrowRequest({
            borrower: borrower,
            collateral: address(nft),
            tokenId: 1,
            collateralAmount: 0,
            currency: address(weth),
            minPrincipal: 1 ether,
            maxAprBps: 2000,
            duration: 30 days,
            gracePeriod: 1 days,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            delegate: address(0),
            expiry: uint64(block.timestamp + 7 days),
            nonce: 0
        });
    }

    function _signRequest(uint256 key, ILoanTypes.BorrowRequest memory request)
        internal
        view
        returns (bytes memory)
    {
        return _sign(key, core.hashRequest(request));
    }

    /// @dev `lender` fills `request` signed by the borrower; returns the loan as recorded.
    function _fill(ILoanTypes.BorrowRequest memory request, uint256 principal, uint32 aprBps)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        bytes memory signature = _signRequest(borrowerKey, request);
        vm.recordLogs();
        vm.prank(lender);
        loanId = core.fillRequest(request, signature, principal, aprBps, address(0));
        loan = _lastLoan();
    }

    /*//////////////////////////////////////////////////////////////
                                 ACTIONS
    //////////////////////////////////////////////////////////////*/

    function _transferLenderNote(uint256 loanId, address to) internal {
        uint256 noteId = core.lenderNoteId(loanId);
        address from = core.ownerOf(noteId);
        vm.prank(from);
        core.transferFrom(from, to, noteId);
    }

    function _transferBorrowerNote(uint256 loanId, address to) internal {
        uint256 noteId = core.borrowerNoteId(loanId);
        address from = core.ownerOf(noteId);
        vm.prank(from);
        core.transferFrom(from, to, noteId);
    }

    function _callLoan(uint256 loanId, ILoanTypes.Loan memory loan)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(_lenderOf(loanId));
        core.callLoan(loanId, loan);
        return _lastLoan();
    }

    function _startSale(uint256 loanId, ILoanTypes.Loan memory loan)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(keeper);
        core.startSale(loanId, loan);
        return _lastLoan();
    }

    function _repayPartial(uint256 loanId, ILoanTypes.Loan memory loan, uint256 amount)
        internal
        returns (ILoanTypes.Loan memory)
    {
        vm.recordLogs();
        vm.prank(borrower);
        core.repayPartial(loanId, loan, amount);
        return _lastLoan();
    }

    function _renegotiation(uint256 loanId, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        internal
        view
        returns (ILoanTypes.Renegotiation memory)
    {
        return ILoanTypes.Renegotiation({
            loanId: loanId,
            loanHash: core.loanHash(loanId),
            aprBps: aprBps,
            duration: duration,
            gracePeriod: gracePeriod,
            expiry: uint64(block.timestamp + 1 days),
            nonce: 0
        });
    }

    function _signRenegotiation(uint256 key, ILoanTypes.Renegotiation memory terms)
        internal
        view
        returns (bytes memory)
    {
        return _sign(key, core.hashRenegotiation(terms));
    }

    /*//////////////////////////////////////////////////////////////
                                 MERKLE
    //////////////////////////////////////////////////////////////*/

    function _leaf(uint256 tokenId) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(tokenId))));
    }

    function _hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @dev Root of the sorted-pair tree over four token ids, and the proof of the leaf at `index`.
    function _tokenSet(uint256[4] memory tokenIds, uint256 index)
        internal
        pure
        returns (bytes32 root, bytes32[] memory proof)
    {
        bytes32[4] memory leaves;
        for (uint256 i; i < 4; ++i) {
            leaves[i] = _leaf(tokenIds[i]);
        }
        bytes32 left = _hashPair(leaves[0], leaves[1]);
        bytes32 right = _hashPair(leaves[2], leaves[3]);
        root = _hashPair(left, right);
        proof = new bytes32[](2);
        proof[0] = leaves[index ^ 1];
        proof[1] = index < 2 ? right : left;
    }
}
