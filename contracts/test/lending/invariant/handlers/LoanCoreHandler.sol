// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DemoCollection} from "../../../../src/devnet/DemoCollection.sol";
import {DemoItems} from "../../../../src/devnet/DemoItems.sol";
import {DemoStablecoin} from "../../../../src/devnet/DemoStablecoin.sol";
import {ILoanTypes} from "../../../../src/interfaces/ILoanTypes.sol";
import {LoanCore} from "../../../../src/lending/LoanCore.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {WETH} from "solady/tokens/WETH.sol";

/// @notice Drives the loan core through random sequences of every loan action, over three borrowers,
/// three lenders, a keeper, two currencies (WETH and a blacklisting 6-decimal stablecoin) and two
/// collections (ERC-721 and ERC-1155), with time warps, lender blacklisting, fee changes and pauses.
///
/// It keeps its own model of every loan (computed independently, never read back from events), predicts
/// whether each call must succeed or revert with which error, and counts every disagreement. It never
/// reverts: each input is bounded, loans are picked from the model, and each core call is a try/catch.
contract LoanCoreHandler is CommonBase, StdCheats, StdUtils {
    /*//////////////////////////////////////////////////////////////
                                  TYPES
    //////////////////////////////////////////////////////////////*/

    enum Action {
        AcceptOffer,
        FillRequest,
        Repay,
        RepayPartial,
        Refinance,
        TakeOver,
        Renegotiate,
        CallLoan,
        AuctionTakeover,
        StartSale,
        Buy,
        Foreclose,
        Claim,
        TransferNote,
        CancelOffer,
        ActOnClosedLoan,
        Warp,
        SetBlacklisted,
        SetProtocolFee,
        SetPaused
    }

    /// @notice Per action: calls, successes, predicted reverts that happened, and calls that found no
    /// suitable loan, offer or claim and did nothing.
    struct Stats {
        uint256 calls;
        uint256 succeeded;
        uint256 rejected;
        uint256 skipped;
    }

    /// @notice The model of a live loan and of its interest history since origination or refinance.
    struct GhostLoan {
        uint256 id;
        ILoanTypes.Loan loan;
        address lender;
        address borrower;
        /// Sum of floor(principal * apr * elapsed / (1e4 * 365 days)) over the closed accrual segments.
        uint256 accruedFloor;
        /// Accrual segments closed so far (each checkpoint closes one; each rounds up by < 1 unit).
        uint256 closedSegments;
        uint256 interestPaid;
    }

    struct ClosedLoan {
        uint256 id;
        ILoanTypes.Loan loan;
    }

    struct GhostOffer {
        ILoanTypes.LoanOffer offer;
        bytes signature;
        bytes32 digest;
        uint256 used;
        bool cancelled;
        /// Scope.TokenSet: the two token ids in the tree.
        uint256 setA;
        uint256 setB;
    }

    struct FilledRequest {
        ILoanTypes.BorrowRequest request;
        bytes signature;
        bytes32 digest;
    }

    /// @dev One token movement of a settlement: `from` pays `to`.
    struct Leg {
        address from;
        address to;
        uint256 amount;
    }

    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;
    uint256 public constant NFT_FIRST_ID = 1001;
    uint256 public constant NFT_COUNT = 12;
    uint256 public constant ITEM_FIRST_ID = 7;
    uint256 public constant ITEM_KINDS = 2;
    uint256 internal constant ITEM_BALANCE = 10;
    uint256 internal constant MAX_WARP = 3 days;
    uint256 internal constant MAX_DRIFT = 4 hours;
    uint256 internal constant MAX_APR = 20_000;
    uint16 internal constant MAX_FEE_BPS = 2500;

    /*//////////////////////////////////////////////////////////////
                                  WORLD
    //////////////////////////////////////////////////////////////*/

    LoanCore public immutable CORE;
    WETH public immutable WETH_TOKEN;
    DemoStablecoin public immutable USD;
    DemoCollection public immutable NFT;
    DemoItems public immutable ITEMS;
    address public immutable OWNER;
    address public immutable GUARDIAN;
    address public immutable TREASURY;

    uint256 internal immutable _minAprImprovementBps;
    uint256 internal immutable _minHoldingPeriod;
    uint256 internal immutable _minCallDelay;
    uint256 internal immutable _auctionDuration;
    uint256 internal immutable _maxAprBps;
    uint256 internal immutable _saleDuration;
    uint256 internal immutable _salePremiumBps;

    address[3] internal _borrowers;
    address[3] internal _lenders;
    mapping(address account => uint256) internal _keyOf;
    address public keeper;
    address public claimSink;

    /*//////////////////////////////////////////////////////////////
                                  GHOSTS
    //////////////////////////////////////////////////////////////*/

    GhostLoan[] internal _live;
    mapping(uint256 loanId => uint256 indexPlusOne) internal _liveIndex;
    ClosedLoan[] internal _closed;
    GhostOffer[] internal _offers;
    FilledRequest[] internal _requests;
    uint256 internal _requestNonce;

    mapping(address account => bool) public ghostBlacklisted;
    mapping(address account => mapping(address currency => uint256)) public ghostClaimable;
    /// @notice Where each ERC-721 token of the demo collection is (the core while escrowed).
    mapping(uint256 tokenId => address) public ghostNftOwner;
    /// @notice Each borrower's ERC-1155 balance per id.
    mapping(address account => mapping(uint256 id => uint256)) public ghostItems;
    /// @notice Every actor's token balance as the model's payments leave it.
    mapping(address account => mapping(address currency => uint256)) public ghostBalance;
    uint16 public ghostFeeBps;
    bool public ghostPaused;
    uint256 public ghostLoanCount;

    /// @notice Calls whose outcome (success, or the revert's error) differed from the model's.
    uint256 public ghostMismatches;
    /// @notice The first mismatch: action, predicted error (0 = success) and what the core returned.
    string public firstMismatch;
    /// @notice Actions tried on closed loans, and how many of them did not revert.
    uint256 public ghostClosedLoanAttempts;
    uint256 public ghostClosedLoanSuccesses;

    Stats[20] internal _stats;

    constructor(
        LoanCore core,
        WETH weth,
        DemoStablecoin usd,
        DemoCollection nft,
        DemoItems items,
        address treasury
    ) {
        CORE = core;
        WETH_TOKEN = weth;
        USD = usd;
        NFT = nft;
        ITEMS = items;
        OWNER = core.owner();
        GUARDIAN = core.guardian();
        TREASURY = treasury;
        ILoanTypes.Parameters memory parameters = core.loanParameters();
        _minAprImprovementBps = parameters.minAprImprovementBps;
        _minHoldingPeriod = parameters.minHoldingPeriod;
        _minCallDelay = parameters.minCallDelay;
        _auctionDuration = parameters.refinancingAuctionDuration;
        _maxAprBps = parameters.maxAprBps;
        _saleDuration = parameters.saleDuration;
        _salePremiumBps = parameters.saleStartPremiumBps;
        ghostFeeBps = core.originationConfig().feeBps;
        ghostPaused = core.originationConfig().paused;
        ghostLoanCount = core.originationConfig().loanCount;
        keeper = makeAddr("invariant keeper");
        claimSink = makeAddr("invariant claim sink");
        string[3] memory names = ["one", "two", "three"];
        for (uint256 i; i < 3; ++i) {
            (address borrowerAddress, uint256 borrowerKey) =
                makeAddrAndKey(string.concat("invariant borrower ", names[i]));
            (address lenderAddress, uint256 lenderKey) =
                makeAddrAndKey(string.concat("invariant lender ", names[i]));
            _borrowers[i] = borrowerAddress;
            _lenders[i] = lenderAddress;
            _keyOf[borrowerAddress] = borrowerKey;
            _keyOf[lenderAddress] = lenderKey;
        }
    }

    /// @notice Called once from the test's setUp (as the owners of the demo tokens): funds every actor,
    /// approves the core, and deals the collateral to the borrowers.
    function seed() external {
        address[7] memory funded =
            [_borrowers[0], _borrowers[1], _borrowers[2], _lenders[0], _lenders[1], _lenders[2], keeper];
        for (uint256 i; i < funded.length; ++i) {
            address account = funded[i];
            vm.deal(account, 1e9 ether);
            vm.startPrank(account);
            WETH_TOKEN.deposit{value: 1e9 ether}();
            WETH_TOKEN.approve(address(CORE), type(uint256).max);
            USD.approve(address(CORE), type(uint256).max);
            NFT.setApprovalForAll(address(CORE), true);
            ITEMS.setApprovalForAll(address(CORE), true);
            vm.stopPrank();
            vm.prank(OWNER);
            USD.mint(account, 1e18);
        }
        address[9] memory holders = _allHolders();
        for (uint256 i; i < holders.length; ++i) {
            ghostBalance[holders[i]][address(WETH_TOKEN)] = WETH_TOKEN.balanceOf(holders[i]);
            ghostBalance[holders[i]][address(USD)] = USD.balanceOf(holders[i]);
        }
        vm.startPrank(OWNER);
        for (uint256 i; i < NFT_COUNT; ++i) {
            NFT.mint(_borrowers[i % 3], NFT_FIRST_ID + i);
            ghostNftOwner[NFT_FIRST_ID + i] = _borrowers[i % 3];
        }
        for (uint256 b; b < 3; ++b) {
            for (uint256 k; k < ITEM_KINDS; ++k) {
                ITEMS.mint(_borrowers[b], ITEM_FIRST_ID + k, ITEM_BALANCE);
                ghostItems[_borrowers[b]][ITEM_FIRST_ID + k] = ITEM_BALANCE;
            }
        }
        vm.stopPrank();
    }

    /*//////////////////////////////////////////////////////////////
                               ORIGINATION
    //////////////////////////////////////////////////////////////*/

    /// @notice A borrower takes a new or an existing signed offer (Token, Collection or TokenSet scope;
    /// ERC-721 or ERC-1155; WETH or stablecoin), possibly expired, cancelled or out of capacity.
    function acceptOffer(uint256 seed_) external {
        _begin(Action.AcceptOffer, seed_);
        uint256 index = _offers.length == 0 || _rand(seed_, 1) % 3 == 0
            ? _createOffer(seed_)
            : _rand(seed_, 2) % _offers.length;
        GhostOffer storage ghost = _offers[index];
        (bool found, uint256 tokenId, address holder) = _pickCollateral(ghost, seed_);
        if (!found) return _skip(Action.AcceptOffer);
        ILoanTypes.LoanOffer memory offer = ghost.offer;
        uint256 principal = bound(_rand(seed_, 3), offer.minPrincipal, offer.maxPrincipal);
        address noteHolder = _borrowers[_rand(seed_, 4) % 3];

        bytes4 expected = 0;
        if (ghostPaused) expected = ILoanTypes.OriginationsPaused.selector;
        else if (block.timestamp > offer.expiry) expected = ILoanTypes.OfferExpired.selector;
        else if (ghost.cancelled) expected = ILoanTypes.OfferNotActive.selector;
        else if (ghost.used + principal > offer.capacity) expected = ILoanTypes.CapacityExceeded.selector;
        else if (_blocked(offer.currency, offer.lender)) expected = ILoanTypes.PaymentFailed.selector;

        bytes32[] memory proof = _proofFor(ghost, tokenId);
        vm.prank(holder);
        try CORE.acceptOffer(
            offer, ghost.signature, tokenId, principal, proof, noteHolder, address(0)
        ) returns (
            uint256 loanId
        ) {
            if (_outcome(Action.AcceptOffer, expected, true, "")) {
                ghost.used += principal;
                _pay(offer.currency, Leg(offer.lender, holder, principal));
                _open(loanId, _newLoan(offer, tokenId, principal), offer.lender, noteHolder, holder);
            }
        } catch (bytes memory error) {
            _outcome(Action.AcceptOffer, expected, false, error);
        }
    }

    /// @notice A lender fills a borrower's signed request (any principal at or above the minimum, any
    /// APR up to the maximum), or tries to fill an already filled one again.
    function fillRequest(uint256 seed_) external {
        _begin(Action.FillRequest, seed_);
        address filler = _lenders[_rand(seed_, 1) % 3];
        if (_requests.length != 0 && _rand(seed_, 2) % 5 == 0) return _refillRequest(seed_, filler);

        bool items = _rand(seed_, 3) % 4 == 0;
        (bool found, uint256 tokenId, address holder) =
            items ? _anyItemHolder(seed_, ITEM_FIRST_ID + _rand(seed_, 4) % ITEM_KINDS, 1) : _anyNft(seed_);
        if (!found) return _skip(Action.FillRequest);
        ILoanTypes.BorrowRequest memory request = _newRequest(seed_, holder, tokenId, items);
        bytes memory signature = _sign(_keyOf[holder], CORE.hashRequest(request));
        uint256 principal = request.minPrincipal + _rand(seed_, 5) % (2 * request.minPrincipal);
        uint32 aprBps = uint32(_rand(seed_, 6) % (uint256(request.maxAprBps) + 1));
        address noteHolder = _rand(seed_, 7) % 2 == 0 ? address(0) : _lenders[_rand(seed_, 8) % 3];

        bytes4 expected = 0;
        if (ghostPaused) expected = ILoanTypes.OriginationsPaused.selector;
        else if (_blocked(request.currency, filler)) expected = ILoanTypes.PaymentFailed.selector;

        vm.prank(filler);
        try CORE.fillRequest(request, signature, principal, aprBps, noteHolder) returns (uint256 loanId) {
            if (_outcome(Action.FillRequest, expected, true, "")) {
                _pay(request.currency, Leg(filler, holder, principal));
                _requests.push(FilledRequest(request, signature, CORE.hashRequest(request)));
                ILoanTypes.Loan memory loan = _requestLoan(request, principal, aprBps);
                _open(loanId, loan, noteHolder == address(0) ? filler : noteHolder, holder, holder);
            }
        } catch (bytes memory error) {
            _outcome(Action.FillRequest, expected, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                REPAYMENT
    //////////////////////////////////////////////////////////////*/

    /// @notice The borrower-note holder or the keeper repays a live loan in full.
    function repay(uint256 seed_) external {
        _begin(Action.Repay, seed_);
        if (_live.length == 0) return _skip(Action.Repay);
        GhostLoan memory ghost = _live[_rand(seed_, 1) % _live.length];
        address payer = _rand(seed_, 2) % 2 == 0 ? ghost.borrower : keeper;
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        vm.prank(payer);
        try CORE.repay(ghost.id, ghost.loan) {
            if (_outcome(Action.Repay, 0, true, "")) _settleInFull(ghost, payer, interest, debt);
        } catch (bytes memory error) {
            _outcome(Action.Repay, 0, false, error);
        }
    }

    /// @notice The borrower-note holder pays part of the debt (sometimes all of it, sometimes less than
    /// the interest); during a default sale, or when the keeper tries (a stranger's dust payment would
    /// invalidate pending repays), it must revert.
    function repayPartial(uint256 seed_) external {
        _begin(Action.RepayPartial, seed_);
        if (_live.length == 0) return _skip(Action.RepayPartial);
        GhostLoan memory ghost = _live[_rand(seed_, 1) % _live.length];
        address payer = _rand(seed_, 2) % 4 == 0 ? keeper : ghost.borrower;
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        uint256 choice = _rand(seed_, 3) % 4;
        uint256 amount = choice == 0
            ? debt
            : (choice == 1 && interest != 0 ? 1 + _rand(seed_, 4) % interest : 1 + _rand(seed_, 4) % debt);
        bytes4 expected = 0;
        if (payer != ghost.borrower) expected = ILoanTypes.Unauthorized.selector;
        else if (ghost.loan.saleStart != 0) expected = ILoanTypes.SaleAlreadyStarted.selector;

        vm.prank(payer);
        try CORE.repayPartial(ghost.id, ghost.loan, amount) {
            if (!_outcome(Action.RepayPartial, expected, true, "")) return;
            if (amount == debt) return _settleInFull(ghost, payer, interest, debt);
            _applyPartial(ghost, payer, amount, interest);
        } catch (bytes memory error) {
            _outcome(Action.RepayPartial, expected, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                          REFINANCE AND RENEGOTIATE
    //////////////////////////////////////////////////////////////*/

    /// @notice The borrower-note holder refinances into a fresh offer from a random lender, for a
    /// principal above or below the debt; sometimes the offer is for another token, or an outsider tries.
    function refinance(uint256 seed_) external {
        _begin(Action.Refinance, seed_);
        if (_live.length == 0) return _skip(Action.Refinance);
        GhostLoan memory ghost = _live[_rand(seed_, 1) % _live.length];
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        bool wrongToken = _rand(seed_, 2) % 8 == 0;
        uint256 index = _createRefinanceOffer(seed_, ghost.loan, interest, debt, wrongToken);
        GhostOffer storage offerGhost = _offers[index];
        uint256 principal =
            bound(_rand(seed_, 3), offerGhost.offer.minPrincipal, offerGhost.offer.maxPrincipal);
        address caller = _rand(seed_, 4) % 8 == 0 ? _lenders[_rand(seed_, 5) % 3] : ghost.borrower;

        bytes4 expected = 0;
        if (caller != ghost.borrower) {
            expected = ILoanTypes.Unauthorized.selector;
        } else if (ghostPaused) {
            expected = ILoanTypes.OriginationsPaused.selector;
        } else if (wrongToken) {
            expected = ILoanTypes.TokenNotInScope.selector;
        } else if (_blocked(ghost.loan.currency, offerGhost.offer.lender)) {
            expected = ILoanTypes.PaymentFailed.selector;
        }

        ILoanTypes.LoanOffer memory offer = offerGhost.offer;
        vm.prank(caller);
        try CORE.refinance(ghost.id, ghost.loan, offer, offerGhost.signature, principal, new bytes32[](0)) {
            if (_outcome(Action.Refinance, expected, true, "")) {
                offerGhost.used += principal;
                _applyRefinance(ghost, offer, principal);
            }
        } catch (bytes memory error) {
            _outcome(Action.Refinance, expected, false, error);
        }
    }

    /// @notice A random lender takes over a fixed-term loan on better terms (sometimes terms that are not
    /// better, or, one time in four, any loan: open-term, on sale, in its holding period - all must fail).
    function takeOver(uint256 seed_) external {
        _begin(Action.TakeOver, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _canTakeOver);
        if (!found) return _skip(Action.TakeOver);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        address taker = _lenders[_rand(seed_, 1) % 3];
        bool worse = _rand(seed_, 2) % 6 == 0;
        uint256 bestApr = uint256(loan.aprBps) * (BPS - _minAprImprovementBps) / BPS;
        uint32 aprBps = worse ? loan.aprBps : uint32(_rand(seed_, 3) % (bestApr + 1));
        uint256 oldDue = uint256(loan.startTime) + loan.duration;
        uint256 minDuration = oldDue > block.timestamp ? oldDue - block.timestamp : 1;
        uint32 duration = uint32(minDuration + _rand(seed_, 4) % 3 days);
        uint32 gracePeriod = uint32(loan.gracePeriod + _rand(seed_, 5) % 12 hours);

        bytes4 expected = 0;
        if (ghostPaused) {
            expected = ILoanTypes.OriginationsPaused.selector;
        } else if (loan.duration == 0) {
            expected = ILoanTypes.NotFixedTerm.selector;
        } else if (loan.saleStart != 0) {
            expected = ILoanTypes.SaleAlreadyStarted.selector;
        } else if (block.timestamp < uint256(loan.startTime) + _minHoldingPeriod) {
            expected = ILoanTypes.HoldingPeriodActive.selector;
        } else if (!_better(loan, aprBps, duration, gracePeriod)) {
            expected = ILoanTypes.TermsNotBetter.selector;
        } else if (_blocked(loan.currency, taker)) {
            expected = ILoanTypes.PaymentFailed.selector;
        }

        vm.prank(taker);
        try CORE.takeOver(ghost.id, loan, aprBps, duration, gracePeriod) {
            if (_outcome(Action.TakeOver, expected, true, "")) {
                loan.duration = duration;
                loan.gracePeriod = gracePeriod;
                _applyTransfer(ghost, loan, taker, aprBps);
            }
        } catch (bytes memory error) {
            _outcome(Action.TakeOver, expected, false, error);
        }
    }

    /// @notice The lender-note holder signs new terms (APR, duration from the start, grace; sometimes
    /// open-term) and the borrower-note holder applies them; sometimes the lender tries to apply them, and
    /// one time in four the loan is any loan (during a sale it must fail).
    function renegotiate(uint256 seed_) external {
        _begin(Action.Renegotiate, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _noSale);
        if (!found) return _skip(Action.Renegotiate);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Renegotiation memory terms = _newTerms(seed_, ghost);
        bytes memory signature = _sign(_keyOf[ghost.lender], CORE.hashRenegotiation(terms));
        address caller = _rand(seed_, 1) % 8 == 0 ? ghost.lender : ghost.borrower;
        bytes4 expected = 0;
        if (caller != ghost.borrower) expected = ILoanTypes.Unauthorized.selector;
        else if (ghost.loan.saleStart != 0) expected = ILoanTypes.SaleAlreadyStarted.selector;

        vm.prank(caller);
        try CORE.renegotiate(ghost.id, ghost.loan, terms, signature) {
            if (_outcome(Action.Renegotiate, expected, true, "")) _applyRenegotiation(ghost, terms);
        } catch (bytes memory error) {
            _outcome(Action.Renegotiate, expected, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                             OPEN-TERM LOANS
    //////////////////////////////////////////////////////////////*/

    /// @notice The lender-note holder (sometimes the borrower) calls an open-term loan past its call
    /// delay; one time in four any loan (fixed-term, already called, too early: must fail).
    function callLoan(uint256 seed_) external {
        _begin(Action.CallLoan, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _callable);
        if (!found) return _skip(Action.CallLoan);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        address caller = _rand(seed_, 1) % 8 == 0 ? ghost.borrower : ghost.lender;
        bytes4 expected = 0;
        if (caller != ghost.lender) {
            expected = ILoanTypes.Unauthorized.selector;
        } else if (loan.duration != 0) {
            expected = ILoanTypes.NotOpenTerm.selector;
        } else if (loan.callTime != 0) {
            expected = ILoanTypes.LoanAlreadyCalled.selector;
        } else if (block.timestamp < uint256(loan.startTime) + _minCallDelay) {
            expected = ILoanTypes.LoanNotCallable.selector;
        }

        vm.prank(caller);
        try CORE.callLoan(ghost.id, loan) {
            if (_outcome(Action.CallLoan, expected, true, "")) {
                ghost.loan.callTime = uint40(block.timestamp);
                _store(ghost);
            }
        } catch (bytes memory error) {
            _outcome(Action.CallLoan, expected, false, error);
        }
    }

    /// @notice A random lender takes over a called loan at an APR up to the auction's ceiling (sometimes
    /// one above it; one time in four any loan: uncalled or auction over - all must fail).
    function auctionTakeover(uint256 seed_) external {
        _begin(Action.AuctionTakeover, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _inRefinancingAuction);
        if (!found) return _skip(Action.AuctionTakeover);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        address taker = _lenders[_rand(seed_, 1) % 3];
        uint256 ceiling = loan.callTime == 0 ? loan.aprBps : _ceiling(loan, block.timestamp);
        bool tooHigh = _rand(seed_, 2) % 8 == 0;
        uint32 aprBps = uint32(tooHigh ? ceiling + 1 : _rand(seed_, 3) % (ceiling + 1));

        bytes4 expected = 0;
        if (loan.callTime == 0) {
            expected = ILoanTypes.LoanNotCalled.selector;
        } else if (block.timestamp >= uint256(loan.callTime) + _auctionDuration) {
            expected = ILoanTypes.RefinancingAuctionOver.selector;
        } else if (tooHigh) {
            expected = ILoanTypes.AprTooHigh.selector;
        } else if (_blocked(loan.currency, taker)) {
            expected = ILoanTypes.PaymentFailed.selector;
        }

        vm.prank(taker);
        try CORE.auctionTakeover(ghost.id, loan, aprBps) {
            if (_outcome(Action.AuctionTakeover, expected, true, "")) {
                loan.callTime = 0;
                _applyTransfer(ghost, loan, taker, aprBps);
            }
        } catch (bytes memory error) {
            _outcome(Action.AuctionTakeover, expected, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                                 DEFAULT
    //////////////////////////////////////////////////////////////*/

    /// @notice The keeper starts the sale of a defaulted Auction loan; one time in four of any loan
    /// (wrong mode, already on sale, not yet defaulted: must fail).
    function startSale(uint256 seed_) external {
        _begin(Action.StartSale, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _saleStartable);
        if (!found) return _skip(Action.StartSale);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        bytes4 expected = 0;
        if (loan.defaultMode != ILoanTypes.DefaultMode.Auction) {
            expected = ILoanTypes.WrongDefaultMode.selector;
        } else if (loan.saleStart != 0) {
            expected = ILoanTypes.SaleAlreadyStarted.selector;
        } else {
            expected = _defaultError(loan);
        }

        vm.prank(keeper);
        try CORE.startSale(ghost.id, loan) {
            if (_outcome(Action.StartSale, expected, true, "")) {
                ghost.loan.saleStart = uint40(block.timestamp);
                _store(ghost);
            }
        } catch (bytes memory error) {
            _outcome(Action.StartSale, expected, false, error);
        }
    }

    /// @notice The keeper buys during a sale at the modelled price (sometimes one unit short), delivering
    /// the NFT to a random borrower; one time in four any loan (no sale, sale over: must fail).
    function buy(uint256 seed_) external {
        _begin(Action.Buy, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _onSale);
        if (!found) return _skip(Action.Buy);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        bool onSale = _onSale(_live[index]);
        uint256 price = onSale ? _salePrice(loan, block.timestamp) : type(uint256).max;
        bool short = onSale && _rand(seed_, 1) % 8 == 0;
        address to = _borrowers[_rand(seed_, 2) % 3];
        bytes4 expected = 0;
        if (loan.saleStart == 0) expected = ILoanTypes.SaleNotStarted.selector;
        else if (!onSale) expected = ILoanTypes.SaleOver.selector;
        else if (short) expected = ILoanTypes.PriceAboveLimit.selector;

        vm.prank(keeper);
        try CORE.buy(ghost.id, loan, short ? price - 1 : price, to) {
            if (_outcome(Action.Buy, expected, true, "")) _settleSale(ghost, price, to);
        } catch (bytes memory error) {
            _outcome(Action.Buy, expected, false, error);
        }
    }

    /// @notice The lender-note holder (sometimes the keeper) forecloses a defaulted Foreclose loan or an
    /// Auction loan whose sale ended unsold, sending the NFT to a random borrower; one time in four any
    /// loan (not defaulted, sale not started or still running: must fail).
    function foreclose(uint256 seed_) external {
        _begin(Action.Foreclose, seed_);
        (bool found, uint256 index) = _pickLoan(seed_, _foreclosable);
        if (!found) return _skip(Action.Foreclose);
        GhostLoan memory ghost = _live[index];
        ILoanTypes.Loan memory loan = ghost.loan;
        address caller = _rand(seed_, 1) % 8 == 0 ? keeper : ghost.lender;
        address to = _borrowers[_rand(seed_, 2) % 3];
        bytes4 expected = 0;
        if (caller != ghost.lender) {
            expected = ILoanTypes.Unauthorized.selector;
        } else if (loan.defaultMode == ILoanTypes.DefaultMode.Foreclose) {
            expected = _defaultError(loan);
        } else if (loan.saleStart == 0) {
            expected = ILoanTypes.SaleNotStarted.selector;
        } else if (block.timestamp < uint256(loan.saleStart) + _saleDuration) {
            expected = ILoanTypes.SaleNotOver.selector;
        }

        vm.prank(caller);
        try CORE.foreclose(ghost.id, loan, to) {
            if (_outcome(Action.Foreclose, expected, true, "")) _close(ghost, to);
        } catch (bytes memory error) {
            _outcome(Action.Foreclose, expected, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                       CLAIMS, NOTES AND CANCELLATION
    //////////////////////////////////////////////////////////////*/

    /// @notice An account with a booked balance claims it, to itself or (while blacklisted) elsewhere.
    function claim(uint256 seed_) external {
        _begin(Action.Claim, seed_);
        address[8] memory holders = _accounts();
        uint256 start = _rand(seed_, 1);
        for (uint256 i; i < holders.length * 2; ++i) {
            uint256 slot = (start + i) % (holders.length * 2);
            address account = holders[slot / 2];
            address currency = slot % 2 == 0 ? address(USD) : address(WETH_TOKEN);
            uint256 amount = ghostClaimable[account][currency];
            if (amount == 0) continue;
            address to = _blocked(currency, account) ? claimSink : account;
            vm.prank(account);
            try CORE.claim(currency, to) returns (uint256 claimed) {
                if (_outcome(Action.Claim, 0, true, "")) {
                    if (claimed != amount) {
                        _mismatch(Action.Claim, 0, "claimed amount differs from the booking");
                    }
                    ghostClaimable[account][currency] = 0;
                    ghostBalance[to][currency] += amount;
                }
            } catch (bytes memory error) {
                _outcome(Action.Claim, 0, false, error);
            }
            return;
        }
        _skip(Action.Claim);
    }

    /// @notice A note changes hands: a lender note to another lender, a borrower note to another borrower.
    function transferNote(uint256 seed_) external {
        _begin(Action.TransferNote, seed_);
        if (_live.length == 0) return _skip(Action.TransferNote);
        GhostLoan memory ghost = _live[_rand(seed_, 1) % _live.length];
        bool lenderNote = _rand(seed_, 2) % 2 == 0;
        address from = lenderNote ? ghost.lender : ghost.borrower;
        address to = lenderNote ? _lenders[_rand(seed_, 3) % 3] : _borrowers[_rand(seed_, 3) % 3];
        uint256 noteId = lenderNote ? CORE.lenderNoteId(ghost.id) : CORE.borrowerNoteId(ghost.id);
        vm.prank(from);
        try CORE.transferFrom(from, to, noteId) {
            if (_outcome(Action.TransferNote, 0, true, "")) {
                if (lenderNote) ghost.lender = to;
                else ghost.borrower = to;
                _store(ghost);
            }
        } catch (bytes memory error) {
            _outcome(Action.TransferNote, 0, false, error);
        }
    }

    /// @notice A lender cancels one of its offers; later uses must fail.
    function cancelOffer(uint256 seed_) external {
        _begin(Action.CancelOffer, seed_);
        if (_offers.length == 0) return _skip(Action.CancelOffer);
        GhostOffer storage ghost = _offers[_rand(seed_, 1) % _offers.length];
        ILoanTypes.LoanOffer memory offer = ghost.offer;
        vm.prank(offer.lender);
        try CORE.cancelOffer(offer) {
            if (_outcome(Action.CancelOffer, 0, true, "")) ghost.cancelled = true;
        } catch (bytes memory error) {
            _outcome(Action.CancelOffer, 0, false, error);
        }
    }

    /// @notice Tries one of eleven actions on a closed loan, with its last state; every one must revert
    /// with `LoanNotFound`.
    function actOnClosedLoan(uint256 seed_) external {
        _begin(Action.ActOnClosedLoan, seed_);
        if (_closed.length == 0) return _skip(Action.ActOnClosedLoan);
        ClosedLoan memory closed = _closed[_rand(seed_, 1) % _closed.length];
        bytes memory call = _closedLoanCall(_rand(seed_, 2) % 11, closed);
        address caller =
            _rand(seed_, 3) % 2 == 0 ? _borrowers[_rand(seed_, 4) % 3] : _lenders[_rand(seed_, 4) % 3];
        ++ghostClosedLoanAttempts;
        vm.prank(caller);
        (bool ok, bytes memory result) = address(CORE).call(call);
        if (ok) ++ghostClosedLoanSuccesses;
        _outcome(Action.ActOnClosedLoan, ILoanTypes.LoanNotFound.selector, ok, result);
    }

    /*//////////////////////////////////////////////////////////////
                             TIME AND ADMIN
    //////////////////////////////////////////////////////////////*/

    function warp(uint256 seconds_) external {
        ++_stats[uint256(Action.Warp)].calls;
        skip(bound(seconds_, 0, MAX_WARP));
        ++_stats[uint256(Action.Warp)].succeeded;
    }

    /// @notice The stablecoin's owner blacklists (one time in two) or unblacklists a lender.
    function setBlacklisted(uint256 seed_) external {
        _begin(Action.SetBlacklisted, seed_);
        address account = _lenders[_rand(seed_, 1) % 3];
        bool blacklisted = _rand(seed_, 2) % 2 == 0;
        vm.prank(OWNER);
        USD.setBlacklisted(account, blacklisted);
        ghostBlacklisted[account] = blacklisted;
        ++_stats[uint256(Action.SetBlacklisted)].succeeded;
    }

    function setProtocolFee(uint256 seed_) external {
        _begin(Action.SetProtocolFee, seed_);
        uint16 feeBps = uint16(_rand(seed_, 1) % (MAX_FEE_BPS + 1));
        vm.prank(OWNER);
        try CORE.setProtocolFee(feeBps) {
            if (_outcome(Action.SetProtocolFee, 0, true, "")) ghostFeeBps = feeBps;
        } catch (bytes memory error) {
            _outcome(Action.SetProtocolFee, 0, false, error);
        }
    }

    /// @notice The guardian pauses (one time in four) or resumes originations.
    function setPaused(uint256 seed_) external {
        _begin(Action.SetPaused, seed_);
        bool paused = _rand(seed_, 1) % 4 == 0;
        vm.prank(GUARDIAN);
        try CORE.setPaused(paused) {
            if (_outcome(Action.SetPaused, 0, true, "")) ghostPaused = paused;
        } catch (bytes memory error) {
            _outcome(Action.SetPaused, 0, false, error);
        }
    }

    /*//////////////////////////////////////////////////////////////
                             VIEWS FOR THE TEST
    //////////////////////////////////////////////////////////////*/

    function liveCount() external view returns (uint256) {
        return _live.length;
    }

    function liveLoan(uint256 index) external view returns (GhostLoan memory) {
        return _live[index];
    }

    function closedCount() external view returns (uint256) {
        return _closed.length;
    }

    function closedLoan(uint256 index) external view returns (ClosedLoan memory) {
        return _closed[index];
    }

    function offerCount() external view returns (uint256) {
        return _offers.length;
    }

    function offerState(uint256 index)
        external
        view
        returns (bytes32 digest, uint256 used, uint256 capacity, bool cancelled)
    {
        GhostOffer storage ghost = _offers[index];
        return (ghost.digest, ghost.used, ghost.offer.capacity, ghost.cancelled);
    }

    function requestCount() external view returns (uint256) {
        return _requests.length;
    }

    function requestDigest(uint256 index) external view returns (bytes32) {
        return _requests[index].digest;
    }

    /// @notice Every account that can ever hold a booked balance or a note.
    function accounts() external view returns (address[8] memory) {
        return _accounts();
    }

    function borrowers() external view returns (address[3] memory) {
        return _borrowers;
    }

    /// @notice Every account whose token balance the model follows (the accounts and the claim sink).
    function balanceHolders() external view returns (address[9] memory) {
        return _allHolders();
    }

    function stats(Action action) external view returns (Stats memory) {
        return _stats[uint256(action)];
    }

    /// @notice Interest owed on `loan` at `timestamp`, computed by the model (OpenZeppelin's mulDiv).
    function modelDebt(ILoanTypes.Loan memory loan, uint256 timestamp)
        external
        pure
        returns (uint256 interest, uint256 debt)
    {
        return _debtAt(loan, timestamp);
    }

    /*//////////////////////////////////////////////////////////////
                          MODEL: STATE TRANSITIONS
    //////////////////////////////////////////////////////////////*/

    /// @dev Records a new loan whose collateral came from `collateralFrom`.
    function _open(
        uint256 loanId,
        ILoanTypes.Loan memory loan,
        address lender,
        address borrower,
        address collateralFrom
    ) internal {
        if (loanId != ++ghostLoanCount) {
            _mismatch(Action.AcceptOffer, 0, "unexpected loan id");
        }
        if (loan.collateralAmount == 0) ghostNftOwner[loan.tokenId] = address(CORE);
        else ghostItems[collateralFrom][loan.tokenId] -= loan.collateralAmount;
        _live.push(
            GhostLoan({
                id: loanId,
                loan: loan,
                lender: lender,
                borrower: borrower,
                accruedFloor: 0,
                closedSegments: 0,
                interestPaid: 0
            })
        );
        _liveIndex[loanId] = _live.length;
    }

    function _store(GhostLoan memory ghost) internal {
        _live[_liveIndex[ghost.id] - 1] = ghost;
    }

    /// @dev Removes a loan whose collateral went to `collateralTo`.
    function _close(GhostLoan memory ghost, address collateralTo) internal {
        if (ghost.loan.collateralAmount == 0) ghostNftOwner[ghost.loan.tokenId] = collateralTo;
        else ghostItems[collateralTo][ghost.loan.tokenId] += ghost.loan.collateralAmount;
        uint256 index = _liveIndex[ghost.id] - 1;
        uint256 last = _live.length - 1;
        if (index != last) {
            _live[index] = _live[last];
            _liveIndex[_live[index].id] = index + 1;
        }
        _live.pop();
        delete _liveIndex[ghost.id];
        _closed.push(ClosedLoan(ghost.id, ghost.loan));
    }

    /// @dev Full repayment (repay, or a partial repayment of the whole debt): lender gets debt - fee,
    /// treasury the fee; the NFT goes back to the borrower-note holder.
    function _settleInFull(GhostLoan memory ghost, address payer, uint256 interest, uint256 debt) internal {
        uint256 fee = interest * ghost.loan.feeBps / BPS;
        _pay(ghost.loan.currency, Leg(payer, ghost.lender, debt - fee));
        _pay(ghost.loan.currency, Leg(payer, TREASURY, fee));
        _close(ghost, ghost.borrower);
    }

    function _settleSale(GhostLoan memory ghost, uint256 price, address buyerTo) internal {
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        uint256 fee = interest * ghost.loan.feeBps / BPS;
        _pay(ghost.loan.currency, Leg(keeper, ghost.lender, debt - fee));
        _pay(ghost.loan.currency, Leg(keeper, TREASURY, fee));
        _pay(ghost.loan.currency, Leg(keeper, ghost.borrower, price - debt));
        _close(ghost, buyerTo);
    }

    function _applyPartial(GhostLoan memory ghost, address payer, uint256 amount, uint256 interest) internal {
        uint256 interestPaid = amount < interest ? amount : interest;
        uint256 fee = interestPaid * ghost.loan.feeBps / BPS;
        _pay(ghost.loan.currency, Leg(payer, ghost.lender, amount - fee));
        _pay(ghost.loan.currency, Leg(payer, TREASURY, fee));
        _closeSegment(ghost);
        ghost.interestPaid += interestPaid;
        ghost.loan.principal -= amount - interestPaid;
        ghost.loan.carriedInterest = interest - interestPaid;
        ghost.loan.accrualStart = uint40(block.timestamp);
        _store(ghost);
    }

    /// @dev Takeover or auction takeover: `loan` already carries the new due date or cleared call; the
    /// taker pays the old lender the whole debt and the accrued interest is carried.
    function _applyTransfer(GhostLoan memory ghost, ILoanTypes.Loan memory loan, address taker, uint32 aprBps)
        internal
    {
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        _pay(loan.currency, Leg(taker, ghost.lender, debt));
        _closeSegment(ghost);
        loan.carriedInterest = interest;
        loan.accrualStart = uint40(block.timestamp);
        loan.startTime = uint40(block.timestamp);
        loan.aprBps = aprBps;
        ghost.loan = loan;
        ghost.lender = taker;
        _store(ghost);
    }

    function _applyRenegotiation(GhostLoan memory ghost, ILoanTypes.Renegotiation memory terms) internal {
        (uint256 interest,) = _debtAt(ghost.loan, block.timestamp);
        _closeSegment(ghost);
        ghost.loan.carriedInterest = interest;
        ghost.loan.accrualStart = uint40(block.timestamp);
        ghost.loan.aprBps = terms.aprBps;
        ghost.loan.duration = terms.duration;
        ghost.loan.gracePeriod = terms.gracePeriod;
        ghost.loan.callTime = 0;
        _store(ghost);
    }

    /// @dev The new lender provides the principal, the borrower any shortfall; the old lender gets the
    /// debt minus the fee (at the loan's own fee), the treasury the fee; the loan restarts on the offer.
    function _applyRefinance(GhostLoan memory ghost, ILoanTypes.LoanOffer memory offer, uint256 principal)
        internal
    {
        (uint256 interest, uint256 debt) = _debtAt(ghost.loan, block.timestamp);
        uint256 fee = interest * ghost.loan.feeBps / BPS;
        uint256 feeFromLender = fee < principal ? fee : principal;
        uint256 toBorrower = principal > debt ? principal - debt : 0;
        uint256 fromBorrower = debt > principal ? debt - principal : 0;
        address currency = ghost.loan.currency;
        _pay(currency, Leg(offer.lender, TREASURY, feeFromLender));
        _pay(currency, Leg(offer.lender, ghost.lender, principal - feeFromLender - toBorrower));
        _pay(currency, Leg(offer.lender, ghost.borrower, toBorrower));
        _pay(currency, Leg(ghost.borrower, TREASURY, fee - feeFromLender));
        _pay(currency, Leg(ghost.borrower, ghost.lender, fromBorrower - (fee - feeFromLender)));

        ILoanTypes.Loan memory loan = ghost.loan;
        loan.principal = principal;
        loan.carriedInterest = 0;
        loan.aprBps = offer.aprBps;
        loan.feeBps = ghostFeeBps;
        loan.defaultMode = offer.defaultMode;
        loan.startTime = uint40(block.timestamp);
        loan.accrualStart = uint40(block.timestamp);
        loan.duration = offer.duration;
        loan.gracePeriod = offer.gracePeriod;
        loan.callTime = 0;
        loan.saleStart = 0;
        ghost.lender = offer.lender;
        ghost.accruedFloor = 0;
        ghost.closedSegments = 0;
        ghost.interestPaid = 0;
        _store(ghost);
    }

    /// @dev A checkpoint: the running accrual segment's exact (floored) interest joins the history.
    function _closeSegment(GhostLoan memory ghost) internal view {
        ghost.accruedFloor += _floorInterest(ghost.loan, block.timestamp);
        ++ghost.closedSegments;
    }

    /// @dev One payment: the payer's balance falls by `amount`; the recipient's rises, or, if it cannot
    /// receive (blacklisted), the amount is booked for it in the core.
    function _pay(address currency, Leg memory leg) internal {
        if (leg.amount == 0) return;
        ghostBalance[leg.from][currency] -= leg.amount;
        if (_blocked(currency, leg.to)) ghostClaimable[leg.to][currency] += leg.amount;
        else ghostBalance[leg.to][currency] += leg.amount;
    }

    /*//////////////////////////////////////////////////////////////
                             MODEL: MATH
    //////////////////////////////////////////////////////////////*/

    function _debtAt(ILoanTypes.Loan memory loan, uint256 timestamp)
        internal
        pure
        returns (uint256 interest, uint256 debt)
    {
        interest = loan.carriedInterest
            + Math.mulDiv(
                loan.principal,
                uint256(loan.aprBps) * (timestamp - loan.accrualStart),
                BPS * YEAR,
                Math.Rounding.Ceil
            );
        debt = loan.principal + interest;
    }

    function _floorInterest(ILoanTypes.Loan memory loan, uint256 timestamp) internal pure returns (uint256) {
        return Math.mulDiv(loan.principal, uint256(loan.aprBps) * (timestamp - loan.accrualStart), BPS * YEAR);
    }

    function _ceiling(ILoanTypes.Loan memory loan, uint256 timestamp) internal view returns (uint256) {
        if (loan.aprBps >= _maxAprBps) return loan.aprBps;
        uint256 elapsed = timestamp - loan.callTime;
        if (elapsed >= _auctionDuration) return _maxAprBps;
        return loan.aprBps + (_maxAprBps - loan.aprBps) * elapsed / _auctionDuration;
    }

    function _salePrice(ILoanTypes.Loan memory loan, uint256 timestamp) internal view returns (uint256) {
        (, uint256 debt) = _debtAt(loan, timestamp);
        uint256 elapsed = timestamp - loan.saleStart;
        if (elapsed >= _saleDuration) return debt;
        (, uint256 debtAtStart) = _debtAt(loan, loan.saleStart);
        return debt
            + Math.mulDiv(
            debtAtStart, _salePremiumBps * (_saleDuration - elapsed), BPS * _saleDuration, Math.Rounding.Ceil
        );
    }

    function _defaulted(ILoanTypes.Loan memory loan) internal view returns (bool) {
        if (loan.duration != 0) {
            return block.timestamp >= uint256(loan.startTime) + loan.duration + loan.gracePeriod + 1;
        }
        return loan.callTime != 0 && block.timestamp >= uint256(loan.callTime) + _auctionDuration;
    }

    /*//////////////////////////////////////////////////////////////
                          MODEL: LOAN PREDICATES
    //////////////////////////////////////////////////////////////*/

    function _canTakeOver(GhostLoan storage ghost) internal view returns (bool) {
        ILoanTypes.Loan storage loan = ghost.loan;
        return loan.duration != 0 && loan.saleStart == 0 && loan.aprBps != 0
            && block.timestamp >= uint256(loan.startTime) + _minHoldingPeriod
            && !_blocked(loan.currency, address(0));
    }

    function _noSale(GhostLoan storage ghost) internal view returns (bool) {
        return ghost.loan.saleStart == 0;
    }

    function _callable(GhostLoan storage ghost) internal view returns (bool) {
        ILoanTypes.Loan storage loan = ghost.loan;
        return loan.duration == 0 && loan.callTime == 0
            && block.timestamp >= uint256(loan.startTime) + _minCallDelay;
    }

    function _inRefinancingAuction(GhostLoan storage ghost) internal view returns (bool) {
        ILoanTypes.Loan storage loan = ghost.loan;
        return loan.callTime != 0 && block.timestamp < uint256(loan.callTime) + _auctionDuration;
    }

    function _saleStartable(GhostLoan storage ghost) internal view returns (bool) {
        return ghost.loan.defaultMode == ILoanTypes.DefaultMode.Auction && ghost.loan.saleStart == 0
            && _defaulted(ghost.loan);
    }

    function _onSale(GhostLoan storage ghost) internal view returns (bool) {
        return ghost.loan.saleStart != 0 && block.timestamp < uint256(ghost.loan.saleStart) + _saleDuration;
    }

    function _foreclosable(GhostLoan storage ghost) internal view returns (bool) {
        ILoanTypes.Loan storage loan = ghost.loan;
        if (loan.defaultMode == ILoanTypes.DefaultMode.Foreclose) return _defaulted(loan);
        return loan.saleStart != 0 && block.timestamp >= uint256(loan.saleStart) + _saleDuration;
    }

    /// @dev Three times in four a live loan satisfying `predicate` (the action's happy path), else any
    /// live loan (the action's guards).
    function _pickLoan(uint256 seed_, function(GhostLoan storage) internal view returns (bool) predicate)
        internal
        view
        returns (bool found, uint256 index)
    {
        if (_rand(seed_, 98) % 4 != 0) return _findLoan(seed_, predicate);
        if (_live.length == 0) return (false, 0);
        return (true, _rand(seed_, 97) % _live.length);
    }

    /// @dev Whether takeover terms are strictly better for the borrower (ILoanCore.takeOver).
    function _better(ILoanTypes.Loan memory loan, uint32 aprBps, uint32 duration, uint32 gracePeriod)
        internal
        view
        returns (bool)
    {
        return uint256(aprBps) * BPS <= uint256(loan.aprBps) * (BPS - _minAprImprovementBps)
            && aprBps < loan.aprBps && duration != 0
            && block.timestamp + duration >= uint256(loan.startTime) + loan.duration
            && gracePeriod >= loan.gracePeriod;
    }

    /// @dev The error a default-gated action reverts with while `loan` has not defaulted (0 once it has).
    function _defaultError(ILoanTypes.Loan memory loan) internal view returns (bytes4) {
        if (loan.duration == 0 && loan.callTime == 0) return ILoanTypes.LoanNotCalled.selector;
        return _defaulted(loan) ? bytes4(0) : ILoanTypes.NotDefaulted.selector;
    }

    /// @dev The first live loan satisfying `predicate`, scanning from a random position.
    function _findLoan(uint256 seed_, function(GhostLoan storage) internal view returns (bool) predicate)
        internal
        view
        returns (bool found, uint256 index)
    {
        uint256 count = _live.length;
        uint256 start = _rand(seed_, 99);
        for (uint256 i; i < count; ++i) {
            index = (start + i) % count;
            if (predicate(_live[index])) return (true, index);
        }
    }

    /*//////////////////////////////////////////////////////////////
                          MODEL: OFFERS AND TERMS
    //////////////////////////////////////////////////////////////*/

    function _createOffer(uint256 seed_) internal returns (uint256 index) {
        bool items = _rand(seed_, 10) % 4 == 0;
        address currency = _rand(seed_, 11) % 2 == 0 ? address(WETH_TOKEN) : address(USD);
        uint256 unit = currency == address(WETH_TOKEN) ? 1 ether : 1000e6;
        uint256 minPrincipal = unit / 10 * (1 + _rand(seed_, 12) % 5);
        uint256 maxPrincipal = minPrincipal * (1 + _rand(seed_, 13) % 4);
        ILoanTypes.LoanOffer memory offer = ILoanTypes.LoanOffer({
            lender: _lenders[_rand(seed_, 14) % 3],
            collateral: items ? address(ITEMS) : address(NFT),
            scope: ILoanTypes.Scope(_rand(seed_, 15) % 3),
            tokenId: 0,
            tokenSetRoot: bytes32(0),
            collateralAmount: items ? 1 + _rand(seed_, 16) % 3 : 0,
            currency: currency,
            minPrincipal: minPrincipal,
            maxPrincipal: maxPrincipal,
            capacity: maxPrincipal * (1 + _rand(seed_, 17) % 3),
            aprBps: uint32(_rand(seed_, 18) % (MAX_APR + 1)),
            duration: _rand(seed_, 19) % 3 == 0 ? 0 : uint32(1 hours + _rand(seed_, 20) % 3 days),
            gracePeriod: uint32(_rand(seed_, 21) % 12 hours),
            defaultMode: ILoanTypes.DefaultMode(_rand(seed_, 22) % 2),
            expiry: uint64(block.timestamp + 1 days + _rand(seed_, 23) % 20 days),
            nonce: _offers.length
        });
        uint256 setA;
        uint256 setB;
        if (offer.scope == ILoanTypes.Scope.Token) {
            offer.tokenId = _randomTokenId(seed_, 24, items);
        } else if (offer.scope == ILoanTypes.Scope.TokenSet) {
            setA = _randomTokenId(seed_, 25, items);
            setB = _randomTokenId(seed_, 26, items);
            if (setB == setA) {
                setB = items
                    ? ITEM_FIRST_ID + (setA + 1 - ITEM_FIRST_ID) % ITEM_KINDS
                    : setA == NFT_FIRST_ID ? setA + 1 : setA - 1;
            }
            offer.tokenSetRoot = _pairRoot(_leaf(setA), _leaf(setB));
        }
        return _pushOffer(offer, setA, setB);
    }

    /// @dev An offer for this loan's collateral and currency (Token scope, or Collection), or with
    /// `wrongToken` a Token-scope offer for another token id of the same collection.
    function _createRefinanceOffer(
        uint256 seed_,
        ILoanTypes.Loan memory loan,
        uint256 interest,
        uint256 debt,
        bool wrongToken
    ) internal returns (uint256 index) {
        uint256 maxPrincipal = debt + debt / 2 + 1;
        // One time in four a tiny principal (1 unit up to the fee on the old interest, plus one): the fee
        // then mostly exceeds it, and the borrower pays the fee's remainder.
        bool tiny = _rand(seed_, 38) % 4 == 0;
        bool tokenScope = wrongToken || _rand(seed_, 30) % 2 == 0;
        ILoanTypes.LoanOffer memory offer = ILoanTypes.LoanOffer({
            lender: _lenders[_rand(seed_, 31) % 3],
            collateral: loan.collateral,
            scope: tokenScope ? ILoanTypes.Scope.Token : ILoanTypes.Scope.Collection,
            tokenId: wrongToken ? loan.tokenId + 1 : (tokenScope ? loan.tokenId : 0),
            tokenSetRoot: bytes32(0),
            collateralAmount: loan.collateralAmount,
            currency: loan.currency,
            minPrincipal: tiny ? 1 : debt / 2 + 1,
            maxPrincipal: tiny ? interest * loan.feeBps / BPS + 1 : maxPrincipal,
            capacity: maxPrincipal * (1 + _rand(seed_, 32) % 2),
            aprBps: uint32(_rand(seed_, 33) % (MAX_APR + 1)),
            duration: _rand(seed_, 34) % 3 == 0 ? 0 : uint32(1 hours + _rand(seed_, 35) % 3 days),
            gracePeriod: uint32(_rand(seed_, 36) % 12 hours),
            defaultMode: ILoanTypes.DefaultMode(_rand(seed_, 37) % 2),
            expiry: uint64(block.timestamp + 1 days),
            nonce: _offers.length
        });
        return _pushOffer(offer, 0, 0);
    }

    function _pushOffer(ILoanTypes.LoanOffer memory offer, uint256 setA, uint256 setB)
        internal
        returns (uint256 index)
    {
        bytes32 digest = CORE.hashOffer(offer);
        _offers.push(
            GhostOffer({
                offer: offer,
                signature: _sign(_keyOf[offer.lender], digest),
                digest: digest,
                used: 0,
                cancelled: false,
                setA: setA,
                setB: setB
            })
        );
        return _offers.length - 1;
    }

    function _newLoan(ILoanTypes.LoanOffer memory offer, uint256 tokenId, uint256 principal)
        internal
        view
        returns (ILoanTypes.Loan memory)
    {
        return ILoanTypes.Loan({
            collateral: offer.collateral,
            tokenId: tokenId,
            collateralAmount: offer.collateralAmount,
            currency: offer.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: offer.aprBps,
            feeBps: ghostFeeBps,
            defaultMode: offer.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: offer.duration,
            gracePeriod: offer.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: address(0)
        });
    }

    function _newRequest(uint256 seed_, address holder, uint256 tokenId, bool items)
        internal
        returns (ILoanTypes.BorrowRequest memory)
    {
        address currency = _rand(seed_, 40) % 2 == 0 ? address(WETH_TOKEN) : address(USD);
        uint256 unit = currency == address(WETH_TOKEN) ? 1 ether : 1000e6;
        return ILoanTypes.BorrowRequest({
            borrower: holder,
            collateral: items ? address(ITEMS) : address(NFT),
            tokenId: tokenId,
            collateralAmount: items ? 1 : 0,
            currency: currency,
            minPrincipal: unit / 10 * (1 + _rand(seed_, 41) % 5),
            maxAprBps: uint32(_rand(seed_, 42) % (MAX_APR + 1)),
            duration: _rand(seed_, 43) % 3 == 0 ? 0 : uint32(1 hours + _rand(seed_, 44) % 3 days),
            gracePeriod: uint32(_rand(seed_, 45) % 12 hours),
            defaultMode: ILoanTypes.DefaultMode(_rand(seed_, 46) % 2),
            delegate: address(0),
            expiry: uint64(block.timestamp + 1 days),
            nonce: ++_requestNonce
        });
    }

    function _requestLoan(ILoanTypes.BorrowRequest memory request, uint256 principal, uint32 aprBps)
        internal
        view
        returns (ILoanTypes.Loan memory)
    {
        return ILoanTypes.Loan({
            collateral: request.collateral,
            tokenId: request.tokenId,
            collateralAmount: request.collateralAmount,
            currency: request.currency,
            principal: principal,
            carriedInterest: 0,
            aprBps: aprBps,
            feeBps: ghostFeeBps,
            defaultMode: request.defaultMode,
            startTime: uint40(block.timestamp),
            accrualStart: uint40(block.timestamp),
            duration: request.duration,
            gracePeriod: request.gracePeriod,
            callTime: 0,
            saleStart: 0,
            delegate: address(0)
        });
    }

    /// @dev Replays a filled request: must revert (paused and expired checks come first).
    function _refillRequest(uint256 seed_, address filler) internal {
        FilledRequest memory filled = _requests[_rand(seed_, 50) % _requests.length];
        bytes4 expected = ILoanTypes.RequestAlreadyUsed.selector;
        if (ghostPaused) expected = ILoanTypes.OriginationsPaused.selector;
        else if (block.timestamp > filled.request.expiry) expected = ILoanTypes.OfferExpired.selector;
        vm.prank(filler);
        try CORE.fillRequest(filled.request, filled.signature, filled.request.minPrincipal, 0, address(0)) {
            _outcome(Action.FillRequest, expected, true, "");
        } catch (bytes memory error) {
            _outcome(Action.FillRequest, expected, false, error);
        }
    }

    function _newTerms(uint256 seed_, GhostLoan memory ghost)
        internal
        view
        returns (ILoanTypes.Renegotiation memory)
    {
        uint256 elapsed = block.timestamp - ghost.loan.startTime;
        return ILoanTypes.Renegotiation({
            loanId: ghost.id,
            loanHash: keccak256(abi.encode(ghost.loan)),
            aprBps: uint32(_rand(seed_, 60) % (MAX_APR + 1)),
            duration: _rand(seed_, 61) % 3 == 0 ? 0 : uint32(elapsed + 1 hours + _rand(seed_, 62) % 3 days),
            gracePeriod: uint32(_rand(seed_, 63) % 12 hours),
            expiry: uint64(block.timestamp + 1 hours),
            nonce: 0
        });
    }

    function _closedLoanCall(uint256 choice, ClosedLoan memory closed) internal view returns (bytes memory) {
        uint256 id = closed.id;
        ILoanTypes.Loan memory loan = closed.loan;
        if (choice == 0) return abi.encodeCall(CORE.repay, (id, loan));
        if (choice == 1) return abi.encodeCall(CORE.repayPartial, (id, loan, 1));
        if (choice == 2) return abi.encodeCall(CORE.foreclose, (id, loan, address(0)));
        if (choice == 3) return abi.encodeCall(CORE.callLoan, (id, loan));
        if (choice == 4) return abi.encodeCall(CORE.startSale, (id, loan));
        if (choice == 5) return abi.encodeCall(CORE.buy, (id, loan, type(uint256).max, address(0)));
        if (choice == 6) return abi.encodeCall(CORE.takeOver, (id, loan, 0, 30 days, 1 days));
        if (choice == 7) return abi.encodeCall(CORE.auctionTakeover, (id, loan, 0));
        if (choice == 8) return abi.encodeCall(CORE.setDelegate, (id, loan, address(0)));
        if (choice == 9) {
            ILoanTypes.Renegotiation memory terms = ILoanTypes.Renegotiation(id, bytes32(0), 0, 0, 0, 0, 0);
            return abi.encodeCall(CORE.renegotiate, (id, loan, terms, ""));
        }
        ILoanTypes.LoanOffer memory offer;
        return abi.encodeCall(CORE.refinance, (id, loan, offer, "", 1, new bytes32[](0)));
    }

    /*//////////////////////////////////////////////////////////////
                            COLLATERAL PICKING
    //////////////////////////////////////////////////////////////*/

    /// @dev A token in the offer's scope currently held (in the needed amount) by a borrower.
    function _pickCollateral(GhostOffer storage ghost, uint256 seed_)
        internal
        view
        returns (bool found, uint256 tokenId, address holder)
    {
        ILoanTypes.LoanOffer storage offer = ghost.offer;
        bool items = offer.collateralAmount != 0;
        if (offer.scope == ILoanTypes.Scope.Token) {
            return _holderOf(offer.tokenId, items, offer.collateralAmount, seed_);
        }
        if (offer.scope == ILoanTypes.Scope.TokenSet) {
            bool first = _rand(seed_, 70) % 2 == 0;
            (found, tokenId, holder) =
                _holderOf(first ? ghost.setA : ghost.setB, items, offer.collateralAmount, seed_);
            if (found) return (found, tokenId, holder);
            return _holderOf(first ? ghost.setB : ghost.setA, items, offer.collateralAmount, seed_);
        }
        if (items) {
            return
                _anyItemHolder(seed_, ITEM_FIRST_ID + _rand(seed_, 71) % ITEM_KINDS, offer.collateralAmount);
        }
        return _anyNft(seed_);
    }

    function _holderOf(uint256 tokenId, bool items, uint256 amount, uint256 seed_)
        internal
        view
        returns (bool found, uint256, address holder)
    {
        if (items) return _anyItemHolder(seed_, tokenId, amount);
        if (tokenId < NFT_FIRST_ID || tokenId >= NFT_FIRST_ID + NFT_COUNT) {
            return (false, tokenId, address(0));
        }
        holder = NFT.ownerOf(tokenId);
        return (_isBorrower(holder), tokenId, holder);
    }

    function _anyNft(uint256 seed_) internal view returns (bool, uint256, address) {
        uint256 start = _rand(seed_, 72);
        for (uint256 i; i < NFT_COUNT; ++i) {
            uint256 tokenId = NFT_FIRST_ID + (start + i) % NFT_COUNT;
            address holder = NFT.ownerOf(tokenId);
            if (_isBorrower(holder)) return (true, tokenId, holder);
        }
        return (false, 0, address(0));
    }

    function _anyItemHolder(uint256 seed_, uint256 tokenId, uint256 amount)
        internal
        view
        returns (bool, uint256, address)
    {
        uint256 start = _rand(seed_, 73);
        for (uint256 i; i < 3; ++i) {
            address holder = _borrowers[(start + i) % 3];
            if (ITEMS.balanceOf(holder, tokenId) >= amount) return (true, tokenId, holder);
        }
        return (false, 0, address(0));
    }

    function _randomTokenId(uint256 seed_, uint256 salt, bool items) internal pure returns (uint256) {
        if (items) return ITEM_FIRST_ID + _rand(seed_, salt) % ITEM_KINDS;
        return NFT_FIRST_ID + _rand(seed_, salt) % NFT_COUNT;
    }

    function _proofFor(GhostOffer storage ghost, uint256 tokenId)
        internal
        view
        returns (bytes32[] memory proof)
    {
        if (ghost.offer.scope != ILoanTypes.Scope.TokenSet) return new bytes32[](0);
        proof = new bytes32[](1);
        proof[0] = _leaf(tokenId == ghost.setA ? ghost.setB : ghost.setA);
    }

    function _leaf(uint256 tokenId) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(tokenId))));
    }

    function _pairRoot(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /*//////////////////////////////////////////////////////////////
                                 PLUMBING
    //////////////////////////////////////////////////////////////*/

    /// @dev Counts the call and lets a little time pass (under 4 hours) before the action.
    function _begin(Action action, uint256 seed_) internal {
        ++_stats[uint256(action)].calls;
        skip(_rand(seed_, 0) % MAX_DRIFT);
    }

    function _skip(Action action) internal {
        ++_stats[uint256(action)].skipped;
    }

    /// @dev Compares a call's outcome with the prediction (`expected` 0 = success, else the error's
    /// selector); records a mismatch. Returns whether the call succeeded as predicted.
    function _outcome(Action action, bytes4 expected, bool succeeded, bytes memory error)
        internal
        returns (bool)
    {
        if (succeeded) {
            if (expected == 0) {
                ++_stats[uint256(action)].succeeded;
                return true;
            }
            _mismatch(action, expected, "succeeded");
            return false;
        }
        if (expected != 0 && error.length >= 4 && bytes4(error) == expected) {
            ++_stats[uint256(action)].rejected;
            return false;
        }
        _mismatch(action, expected, error);
        return false;
    }

    function _mismatch(Action action, bytes4 expected, bytes memory detail) internal {
        if (ghostMismatches++ != 0) return;
        firstMismatch = string.concat(
            "action ",
            vm.toString(uint256(action)),
            " expected ",
            vm.toString(abi.encodePacked(expected)),
            " got ",
            vm.toString(detail)
        );
    }

    function _blocked(address currency, address account) internal view returns (bool) {
        return currency == address(USD) && ghostBlacklisted[account];
    }

    function _isBorrower(address account) internal view returns (bool) {
        return account == _borrowers[0] || account == _borrowers[1] || account == _borrowers[2];
    }

    function _accounts() internal view returns (address[8] memory) {
        return [
            _lenders[0],
            _lenders[1],
            _lenders[2],
            _borrowers[0],
            _borrowers[1],
            _borrowers[2],
            TREASURY,
            keeper
        ];
    }

    function _allHolders() internal view returns (address[9] memory) {
        return [
            _lenders[0],
            _lenders[1],
            _lenders[2],
            _borrowers[0],
            _borrowers[1],
            _borrowers[2],
            TREASURY,
            keeper,
            claimSink
        ];
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _rand(uint256 seed_, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed_, salt)));
    }
}
