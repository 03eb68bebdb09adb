// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IDelegateRegistry} from "../interfaces/IDelegateRegistry.sol";
import {ILoanLender} from "../interfaces/ILoanLender.sol";
import {ILoanTypes} from "../interfaces/ILoanTypes.sol";
import {LoanMathLib} from "../libraries/LoanMathLib.sol";
import {TransferLib} from "../libraries/TransferLib.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ERC721} from "solady/tokens/ERC721.sol";
import {EIP712} from "solady/utils/EIP712.sol";
import {LibString} from "solady/utils/LibString.sol";
import {MerkleProofLib} from "solady/utils/MerkleProofLib.sol";

/// @title LoanCoreBase
/// @notice Storage, parameters and internal machinery shared by LoanCore and LoanCoreExtension. The
/// extension runs by DELEGATECALL from LoanCore (EIP-170 keeps one contract under 24 KiB), so both see
/// the same storage; its address is fixed in LoanCore's constructor, so nothing is upgradeable.
abstract contract LoanCoreBase is ILoanTypes, ERC721, EIP712, Ownable2Step, ReentrancyGuardTransient {
    using LoanMathLib for Loan;

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint16 public constant MAX_FEE_BPS = 2500;

    bytes32 public constant LOAN_OFFER_TYPEHASH = keccak256(
        "LoanOffer(address lender,address collateral,uint8 scope,uint256 tokenId,bytes32 tokenSetRoot,"
        "uint256 collateralAmount,address currency,uint256 minPrincipal,uint256 maxPrincipal,uint256 capacity,"
        "uint32 aprBps,uint32 duration,uint32 gracePeriod,uint8 defaultMode,uint64 expiry,uint256 nonce)"
    );
    bytes32 public constant BORROW_REQUEST_TYPEHASH = keccak256(
        "BorrowRequest(address borrower,address collateral,uint256 tokenId,uint256 collateralAmount,"
        "address currency,uint256 minPrincipal,uint32 maxAprBps,uint32 duration,uint32 gracePeriod,"
        "uint8 defaultMode,address delegate,uint64 expiry,uint256 nonce)"
    );
    bytes32 public constant RENEGOTIATION_TYPEHASH = keccak256(
        "Renegotiation(uint256 loanId,bytes32 loanHash,uint32 aprBps,uint32 duration,uint32 gracePeriod,"
        "uint64 expiry,uint256 nonce)"
    );

    /// @dev `_used` value of a cancelled offer or a used request.
    uint256 internal constant SPENT = type(uint256).max;

    uint8 internal constant CLOSED_REPAID = 0;
    uint8 internal constant CLOSED_FORECLOSED = 1;
    uint8 internal constant CLOSED_SOLD = 2;
    uint8 internal constant CLOSED_LIQUIDATED = 3;

    /*//////////////////////////////////////////////////////////////
                                IMMUTABLES
    //////////////////////////////////////////////////////////////*/

    IDelegateRegistry internal immutable _delegateRegistry;
    uint16 internal immutable _minAprImprovementBps;
    uint32 internal immutable _minHoldingPeriod;
    uint32 internal immutable _minCallDelay;
    uint32 internal immutable _refinancingAuctionDuration;
    uint32 internal immutable _maxAprBps;
    uint32 internal immutable _saleDuration;
    uint32 internal immutable _saleStartPremiumBps;

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Read on every origination: packed into one slot.
    struct Config {
        uint64 loanCount;
        uint16 feeBps;
        bool paused;
        address treasury;
    }

    Config internal _config;
    address internal _guardian;

    mapping(uint256 loanId => bytes32) internal _loanHash;
    /// @dev Offers: principal lent so far; requests: SPENT once filled; cancelled offers: SPENT.
    mapping(bytes32 digest => uint256) internal _used;
    mapping(address account => uint256) internal _minNonce;
    mapping(address currency => bool) internal _isCurrencyAllowed;
    mapping(address account => mapping(address currency => uint256)) internal _claimable;
    /// @dev claimId => who may claim collateral whose delivery failed.
    mapping(bytes32 claimId => address) internal _collateralClaims;
    /// @dev ERC-1155 amount delegated per keccak256(delegate, collection, id) across live loans.
    mapping(bytes32 key => uint256) internal _delegatedAmount;

    /*//////////////////////////////////////////////////////////////
                               CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(address owner_, IDelegateRegistry delegateRegistry_, Parameters memory parameters)
        Ownable(owner_)
    {
        if (parameters.minAprImprovementBps > LoanMathLib.BPS) {
            revert InvalidParameter("minAprImprovementBps", parameters.minAprImprovementBps);
        }
        if (parameters.refinancingAuctionDuration == 0) {
            revert InvalidParameter("refinancingAuctionDuration", 0);
        }
        if (parameters.saleDuration == 0) revert InvalidParameter("saleDuration", 0);
        if (parameters.maxAprBps == 0) revert InvalidParameter("maxAprBps", 0);
        _delegateRegistry = delegateRegistry_;
        _minAprImprovementBps = parameters.minAprImprovementBps;
        _minHoldingPeriod = parameters.minHoldingPeriod;
        _minCallDelay = parameters.minCallDelay;
        _refinancingAuctionDuration = parameters.refinancingAuctionDuration;
        _maxAprBps = parameters.maxAprBps;
        _saleDuration = parameters.saleDuration;
        _saleStartPremiumBps = parameters.saleStartPremiumBps;
    }

    /*//////////////////////////////////////////////////////////////
                              NOTES (ERC-721)
    //////////////////////////////////////////////////////////////*/

    function name() public pure override returns (string memory) {
        return "Hypotheca Loan Notes";
    }

    function symbol() public pure override returns (string memory) {
        return "HYPO-NOTE";
    }

    /// @dev Generated, never stored: the note's kind and loan id.
    function tokenURI(uint256 id) public view override returns (string memory) {
        if (!_exists(id)) revert TokenDoesNotExist();
        string memory kind = id & 1 == 0 ? "Lender" : "Borrower";
        string memory loanId = LibString.toString(id >> 1);
        return string.concat(
            "data:application/json;utf8,{\"name\":\"Hypotheca ",
            kind,
            " note, loan #",
            loanId,
            "\",\"description\":\"Position in Hypotheca loan #",
            loanId,
            ".\"}"
        );
    }

    /// @dev A note held by the core would route its loan's payments into the core, unrecoverable.
    function transferFrom(address from, address to, uint256 id) public payable override {
        if (to == address(this)) revert InvalidRecipient(to);
        super.transferFrom(from, to, id);
    }

    /*//////////////////////////////////////////////////////////////
                             INTERNAL HELPERS
    //////////////////////////////////////////////////////////////*/

    function _parameters() internal view returns (Parameters memory) {
        return Parameters({
            minAprImprovementBps: _minAprImprovementBps,
            minHoldingPeriod: _minHoldingPeriod,
            minCallDelay: _minCallDelay,
            refinancingAuctionDuration: _refinancingAuctionDuration,
            maxAprBps: _maxAprBps,
            saleDuration: _saleDuration,
            saleStartPremiumBps: _saleStartPremiumBps
        });
    }

    function _configurationHash() internal view returns (bytes32) {
        return keccak256(abi.encode(_delegateRegistry, _parameters()));
    }

    function _lenderNoteId(uint256 loanId) internal pure returns (uint256) {
        return loanId << 1;
    }

    function _borrowerNoteId(uint256 loanId) internal pure returns (uint256) {
        return loanId << 1 | 1;
    }

    function _hashOffer(LoanOffer memory offer) internal view returns (bytes32) {
        return _hashTypedData(keccak256(abi.encode(LOAN_OFFER_TYPEHASH, offer)));
    }

    function _refinancingCeiling(Loan memory loan, uint256 timestamp) internal view returns (uint256) {
        return LoanMathLib.refinancingCeiling(
            loan.aprBps, _maxAprBps, timestamp - loan.callTime, _refinancingAuctionDuration
        );
    }

    function _salePrice(Loan memory loan, uint256 timestamp) internal view returns (uint256) {
        (, uint256 debtAtStart) = loan.debtAt(loan.saleStart);
        (, uint256 debt) = loan.debtAt(timestamp);
        return debt
            + LoanMathLib.salePremium(
            debtAtStart, _saleStartPremiumBps, timestamp - loan.saleStart, _saleDuration
        );
    }

    function _domainNameAndVersion() internal pure override returns (string memory, string memory) {
        return ("Hypotheca", "1");
    }

    /// @dev Origination guard: not paused, currency allowed. Returns the config slot, read once.
    function _openConfig(address currency) internal view returns (Config memory config) {
        config = _config;
        if (config.paused) revert OriginationsPaused();
        if (!_isCurrencyAllowed[currency]) revert CurrencyNotAllowed(currency);
    }

    /// @dev Records the loan (hash, notes, event). No external call.
    function _originate(Config memory config, Loan memory loan, address lender, address borrower)
        internal
        returns (uint256 loanId)
    {
        unchecked {
            loanId = uint256(config.loanCount) + 1;
        }
        _config.loanCount = uint64(loanId);
        _loanHash[loanId] = _hashLoan(loan);
        _mint(lender, _lenderNoteId(loanId));
        _mint(borrower, _borrowerNoteId(loanId));
        emit LoanStarted(loanId, lender, borrower, loan);
    }

    /// @dev Checks an offer for (`tokenId`, `principal`) and books the principal against its capacity.
    function _useOffer(
        LoanOffer memory offer,
        bytes calldata signature,
        uint256 tokenId,
        uint256 principal,
        bytes32[] calldata proof
    ) internal {
        _checkExpiry(offer.expiry);
        _checkNonce(offer.lender, offer.nonce);
        _checkApr(offer.aprBps);
        _checkNotManaged(offer.defaultMode);
        if (principal == 0) revert ZeroAmount();
        if (principal < offer.minPrincipal || principal > offer.maxPrincipal) {
            revert PrincipalOutOfRange(principal, offer.minPrincipal, offer.maxPrincipal);
        }
        if (offer.scope == Scope.Token) {
            if (tokenId != offer.tokenId) revert TokenNotInScope(offer.collateral, tokenId);
        } else if (offer.scope == Scope.TokenSet) {
            bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(tokenId))));
            if (!MerkleProofLib.verifyCalldata(proof, offer.tokenSetRoot, leaf)) {
                revert TokenNotInScope(offer.collateral, tokenId);
            }
        }
        bytes32 digest = _hashOffer(offer);
        uint256 used = _used[digest];
        if (used == SPENT) revert OfferNotActive(digest);
        if (used > offer.capacity || principal > offer.capacity - used) {
            revert CapacityExceeded(digest, used, principal, offer.capacity);
        }
        _checkSignature(offer.lender, digest, signature);
        _used[digest] = used + principal;
    }

    /// @dev Closes a repaid loan: state, then the payments in, then the NFT out.
    function _repayInFull(uint256 loanId, Loan memory loan, uint256 interest, uint256 debt) internal {
        address lender = _ownerOf(_lenderNoteId(loanId));
        address borrower = _ownerOf(_borrowerNoteId(loanId));
        uint256 fee = LoanMathLib.feeOn(interest, loan.feeBps);
        emit LoanRepaid(loanId, msg.sender, interest, loan.principal, fee);
        _close(loanId, borrower, CLOSED_REPAID);
        _pay(loan.currency, msg.sender, lender, debt - fee);
        _pay(loan.currency, msg.sender, _config.treasury, fee);
        if (loan.defaultMode == DefaultMode.Managed) _notifyLender(lender, loanId, debt - fee, 0, 0);
        _releaseCollateral(loanId, loan, borrower);
    }

    /// @dev Tells the managing lender of a Managed loan what it was paid and what it is still owed.
    function _notifyLender(
        address lender,
        uint256 loanId,
        uint256 received,
        uint256 principal,
        uint256 carriedInterest
    ) internal {
        ILoanLender(lender).onLoanRepaid(loanId, received, principal, carriedInterest);
    }

    /// @dev Deletes the loan and burns its notes: nothing can act on it again.
    function _close(uint256 loanId, address collateralTo, uint8 reason) internal {
        delete _loanHash[loanId];
        _burn(_lenderNoteId(loanId));
        _burn(_borrowerNoteId(loanId));
        emit LoanClosed(loanId, collateralTo, reason);
    }

    /// @dev Revokes the delegation (never blocking) and sends the NFT to `to`, or books it for `to`.
    function _releaseCollateral(uint256 loanId, Loan memory loan, address to) internal {
        _delegate(loan, loan.delegate, false);
        _release(loanId, loan, to);
    }

    /// @dev Pulls the collateral from `from` and checks it arrived (a hostile NFT may not move it).
    function _escrow(Loan memory loan, address from) internal {
        // The core's own notes cannot be collateral: a repayment to a note the core holds would strand.
        if (loan.collateral == address(this)) revert CollateralNotReceived(loan.collateral, loan.tokenId);
        if (loan.collateralAmount == 0) {
            // A token already in escrow backs a live loan: a hostile collection whose transferFrom
            // silently does nothing must not let it back a second one.
            if (IERC721(loan.collateral).ownerOf(loan.tokenId) == address(this)) {
                revert CollateralNotReceived(loan.collateral, loan.tokenId);
            }
            IERC721(loan.collateral).transferFrom(from, address(this), loan.tokenId);
            if (IERC721(loan.collateral).ownerOf(loan.tokenId) != address(this)) {
                revert CollateralNotReceived(loan.collateral, loan.tokenId);
            }
        } else {
            IERC1155 token = IERC1155(loan.collateral);
            uint256 before = token.balanceOf(address(this), loan.tokenId);
            token.safeTransferFrom(from, address(this), loan.tokenId, loan.collateralAmount, "");
            if (token.balanceOf(address(this), loan.tokenId) != before + loan.collateralAmount) {
                revert CollateralNotReceived(loan.collateral, loan.tokenId);
            }
        }
    }

    /// @dev Sends the collateral out; if the NFT contract refuses, books it for `to` to claim later.
    function _release(uint256 loanId, Loan memory loan, address to) internal {
        bytes memory call = loan.collateralAmount == 0
            ? abi.encodeCall(IERC721.transferFrom, (address(this), to, loan.tokenId))
            : abi.encodeCall(
                IERC1155.safeTransferFrom, (address(this), to, loan.tokenId, loan.collateralAmount, "")
            );
        if (TransferLib.tryCall(loan.collateral, call)) return;
        bytes32 claimId = _collateralClaimId(loan.collateral, loan.tokenId, loan.collateralAmount, loanId);
        _collateralClaims[claimId] = to;
        emit CollateralBooked(claimId, to, loan.collateral, loan.tokenId, loan.collateralAmount);
    }

    /// @dev Moves `amount` from `from` to `to`; if `to` cannot receive it, pulls it here and books it.
    function _pay(address currency, address from, address to, uint256 amount) internal {
        if (amount == 0) return;
        if (TransferLib.tryTransferFrom(currency, from, to, amount)) return;
        if (!TransferLib.tryTransferFrom(currency, from, address(this), amount)) {
            revert PaymentFailed(currency, from, amount);
        }
        _claimable[to][currency] += amount;
        emit PaymentBooked(to, currency, amount);
    }

    /// @dev Delegates (or revokes) the escrowed NFT to `delegate`, if any. delegate.cash keeps one
    /// ERC-1155 amount per (delegate, collection, id), so loans on the same id add up here.
    function _delegate(Loan memory loan, address delegate, bool enable) internal {
        if (delegate == address(0)) return;
        bytes memory call;
        if (loan.collateralAmount == 0) {
            call = abi.encodeCall(
                IDelegateRegistry.delegateERC721, (delegate, loan.collateral, loan.tokenId, "", enable)
            );
        } else {
            bytes32 key = keccak256(abi.encode(delegate, loan.collateral, loan.tokenId));
            uint256 total = enable
                ? _delegatedAmount[key] + loan.collateralAmount
                : _delegatedAmount[key] - loan.collateralAmount;
            _delegatedAmount[key] = total;
            call = abi.encodeCall(
                IDelegateRegistry.delegateERC1155, (delegate, loan.collateral, loan.tokenId, "", total)
            );
        }
        // Granting must work (the borrower asked for it); revoking never blocks a loan from closing.
        if (!TransferLib.tryCall(address(_delegateRegistry), call) && enable) {
            revert DelegationFailed(delegate);
        }
    }

    function _checkLoan(uint256 loanId, Loan memory loan) internal view returns (bytes32 stored) {
        stored = _loanHash[loanId];
        if (stored == 0) revert LoanNotFound(loanId);
        bytes32 supplied = _hashLoan(loan);
        if (supplied != stored) revert LoanHashMismatch(loanId, stored, supplied);
    }

    function _checkDefaulted(uint256 loanId, Loan memory loan) internal view {
        uint256 defaultsAt;
        if (loan.duration != 0) {
            defaultsAt = uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1;
        } else {
            if (loan.callTime == 0) revert LoanNotCalled(loanId);
            defaultsAt = uint256(loan.callTime) + _refinancingAuctionDuration;
        }
        if (block.timestamp < defaultsAt) revert NotDefaulted(loanId, defaultsAt);
    }

    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        // ECDSA for accounts (high-s rejected) and ERC-1271 for contract wallets.
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) {
            revert InvalidSignature(signer, digest);
        }
    }

    /// @dev Managed loans come only from a contract lender that underwrites on chain (`borrowFrom`).
    function _checkNotManaged(DefaultMode mode) internal pure {
        if (mode == DefaultMode.Managed) revert InvalidParameter("defaultMode", uint8(mode));
    }

    function _checkExpiry(uint64 expiry) internal view {
        if (block.timestamp > expiry) revert OfferExpired(expiry, block.timestamp);
    }

    function _checkNonce(address account, uint256 nonce) internal view {
        uint256 min = _minNonce[account];
        if (nonce < min) revert NonceCancelled(account, nonce, min);
    }

    function _checkApr(uint256 aprBps) internal view {
        if (aprBps > _maxAprBps) revert AprTooHigh(aprBps, _maxAprBps);
    }

    /// @dev `keccak256(abi.encode(loan))`, hashed in place: every member of `Loan` is static, so in memory
    /// the struct is 16 words, each member's value cleaned to its type, which is exactly its ABI
    /// encoding. Skipping the copy saves ~300 gas per hash (each check and each re-hash of a loan).
    function _hashLoan(Loan memory loan) internal pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            hash := keccak256(loan, 0x200)
        }
    }

    function _collateralClaimId(address collateral, uint256 tokenId, uint256 amount, uint256 loanId)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(collateral, tokenId, amount, loanId));
    }
}
