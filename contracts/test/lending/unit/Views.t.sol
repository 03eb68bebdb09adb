// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../../script/LoanDefaults.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {LoanCoreExtension} from "../../../src/lending/LoanCoreExtension.sol";
import {UnitBase} from "./UnitBase.sol";
import {stdError} from "forge-std/StdError.sol";
import {ERC721} from "solady/tokens/ERC721.sol";

contract ViewsTest is UnitBase {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Hypotheca"), keccak256("1"), block.chainid, address(core))
        );
    }

    function _typedDigest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    /// @dev A loan built by hand for the pure views.
    function _loan(uint256 principal, uint256 carried, uint256 aprBps, uint256 accrualStart)
        internal
        view
        returns (ILoanTypes.Loan memory)
    {
        return ILoanTypes.Loan({
            collateral: address(nft),
            tokenId: 1,
            collateralAmount: 0,
            currency: address(weth),
            principal: principal,
            carriedInterest: carried,
            aprBps: uint32(aprBps),
            feeBps: FEE_BPS,
            defaultMode: ILoanTypes.DefaultMode.Auction,
            startTime: uint40(accrualStart),
            accrualStart: uint40(accrualStart),
            duration: 30 days,
            gracePeriod: 1 days,
            callTime: 0,
            saleStart: 0,
            delegate: address(0)
        });
    }

    /*//////////////////////////////////////////////////////////////
                                 DEBT
    //////////////////////////////////////////////////////////////*/

    function testFuzz_debtAt_matchesAnIndependentComputation(
        uint128 principal,
        uint128 carried,
        uint32 aprBps,
        uint256 elapsed
    ) public view {
        elapsed = bound(elapsed, 0, 100 * YEAR);
        ILoanTypes.Loan memory loan = _loan(principal, carried, aprBps, block.timestamp);

        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp + elapsed);

        uint256 expected = uint256(carried) + _interest(principal, aprBps, elapsed);
        assertEq(
            interest, expected, "interest = carried + ceil(principal * apr * elapsed / (1e4 * 365 days))"
        );
        assertEq(debt, uint256(principal) + expected, "debt");
    }

    function test_debtAt_knownValues() public view {
        ILoanTypes.Loan memory loan = _loan(1 ether, 0, 1000, block.timestamp);

        (uint256 interest,) = core.debtAt(loan, block.timestamp + YEAR);
        assertEq(interest, 0.1 ether, "10% of a year");

        (interest,) = core.debtAt(loan, block.timestamp + 1);
        // 1e18 * 1000 / (1e4 * 31_536_000) = 3_170_979_198.37... -> rounds up.
        assertEq(interest, 3_170_979_199, "one second, rounded up");

        loan.principal = 1;
        loan.aprBps = 1;
        (interest,) = core.debtAt(loan, block.timestamp + 1);
        assertEq(interest, 1, "any accrual rounds up to one wei");
    }

    function test_debtAt_atAccrualStartIsPrincipalPlusCarried() public view {
        ILoanTypes.Loan memory loan = _loan(5 ether, 0.3 ether, 5000, block.timestamp);

        (uint256 interest, uint256 debt) = core.debtAt(loan, block.timestamp);

        assertEq(interest, 0.3 ether, "carried only");
        assertEq(debt, 5.3 ether, "debt");
    }

    function test_debtAt_revertsBeforeAccrualStart() public {
        ILoanTypes.Loan memory loan = _loan(1 ether, 0, 1000, block.timestamp);

        vm.expectRevert(stdError.arithmeticError);
        core.debtAt(loan, block.timestamp - 1);
    }

    function test_debtAt_ofALiveLoanMatchesWhatRepayCharges() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        skip(17 days + 3 hours);
        (, uint256 debt) = core.debtAt(loan, block.timestamp);
        uint256 borrowerBefore = weth.balanceOf(borrower);

        vm.prank(borrower);
        core.repay(loanId, loan);

        assertEq(borrowerBefore - weth.balanceOf(borrower), debt, "repay charges debtAt");
    }

    /*//////////////////////////////////////////////////////////////
                            AUCTION CURVES
    //////////////////////////////////////////////////////////////*/

    function testFuzz_refinancingCeiling_linearFromAprToMax(uint32 aprBps, uint256 elapsed) public view {
        aprBps = uint32(bound(aprBps, 0, MAX_APR_BPS));
        elapsed = bound(elapsed, 0, 2 * AUCTION_DURATION);
        ILoanTypes.Loan memory loan = _loan(1 ether, 0, aprBps, block.timestamp);
        loan.duration = 0;
        loan.callTime = uint40(block.timestamp);

        uint256 ceiling = core.refinancingCeiling(loan, block.timestamp + elapsed);

        uint256 expected = elapsed >= AUCTION_DURATION
            ? MAX_APR_BPS
            : aprBps + (MAX_APR_BPS - aprBps) * elapsed / AUCTION_DURATION;
        assertEq(ceiling, expected, "ceiling");
        assertGe(ceiling, aprBps, "never below the APR");
        assertLe(ceiling, MAX_APR_BPS, "never above the maximum");
    }

    function testFuzz_salePrice_debtPlusLinearlyDecayingPremium(
        uint128 principal,
        uint32 aprBps,
        uint256 untilSale,
        uint256 intoSale
    ) public view {
        aprBps = uint32(bound(aprBps, 0, MAX_APR_BPS));
        untilSale = bound(untilSale, 0, 5 * YEAR);
        intoSale = bound(intoSale, 0, 2 * SALE_DURATION);
        ILoanTypes.Loan memory loan = _loan(principal, 0, aprBps, block.timestamp);
        loan.saleStart = uint40(block.timestamp + untilSale);
        uint256 debtAtStart = uint256(principal) + _interest(principal, aprBps, untilSale);
        uint256 debtNow = uint256(principal) + _interest(principal, aprBps, untilSale + intoSale);

        uint256 price = core.salePrice(loan, uint256(loan.saleStart) + intoSale);

        uint256 premium;
        if (intoSale < SALE_DURATION) {
            uint256 numerator = debtAtStart * SALE_PREMIUM_BPS * (SALE_DURATION - intoSale);
            uint256 denominator = BPS * SALE_DURATION;
            premium = numerator / denominator + (numerator % denominator == 0 ? 0 : 1);
        }
        assertEq(price, debtNow + premium, "price");
    }

    /*//////////////////////////////////////////////////////////////
                            EIP-712 HASHES
    //////////////////////////////////////////////////////////////*/

    function test_eip712Domain_namesHypothecaVersionOne() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            core.eip712Domain();

        assertEq(name, "Hypotheca", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chain");
        assertEq(verifyingContract, address(core), "verifying contract");
    }

    function test_hashOffer_matchesAnIndependentEip712Digest() public view {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = keccak256("root");
        offer.defaultMode = ILoanTypes.DefaultMode.Auction;
        bytes32 typehash = keccak256(
            "LoanOffer(address lender,address collateral,uint8 scope,uint256 tokenId,bytes32 tokenSetRoot,"
            "uint256 collateralAmount,address currency,uint256 minPrincipal,uint256 maxPrincipal,uint256 capacity,"
            "uint32 aprBps,uint32 duration,uint32 gracePeriod,uint8 defaultMode,uint64 expiry,uint256 nonce)"
        );
        bytes memory head = abi.encode(
            typehash,
            offer.lender,
            offer.collateral,
            uint8(offer.scope),
            offer.tokenId,
            offer.tokenSetRoot,
            offer.collateralAmount,
            offer.currency,
            offer.minPrincipal
        );
        bytes memory tail = abi.encode(
            offer.maxPrincipal,
            offer.capacity,
            offer.aprBps,
            offer.duration,
            offer.gracePeriod,
            uint8(offer.defaultMode),
            offer.expiry,
            offer.nonce
        );

        assertEq(core.LOAN_OFFER_TYPEHASH(), typehash, "typehash");
        assertEq(core.hashOffer(offer), _typedDigest(keccak256(bytes.concat(head, tail))), "digest");
    }

    function test_hashRequest_matchesAnIndependentEip712Digest() public view {
        ILoanTypes.BorrowRequest memory request = _request();
        request.delegate = address(0xDE1E6A7E);
        bytes32 typehash = keccak256(
            "BorrowRequest(address borrower,address collateral,uint256 tokenId,uint256 collateralAmount,"
            "address currency,uint256 minPrincipal,uint32 maxAprBps,uint32 duration,uint32 gracePeriod,"
            "uint8 defaultMode,address delegate,uint64 expiry,uint256 nonce)"
        );
        bytes memory head = abi.encode(
            typehash,
            request.borrower,
            request.collateral,
            request.tokenId,
            request.collateralAmount,
            request.currency,
            request.minPrincipal
        );
        bytes memory tail = abi.encode(
            request.maxAprBps,
            request.duration,
            request.gracePeriod,
            uint8(request.defaultMode),
            request.delegate,
            request.expiry,
            request.nonce
        );

        assertEq(core.BORROW_REQUEST_TYPEHASH(), typehash, "typehash");
        assertEq(core.hashRequest(request), _typedDigest(keccak256(bytes.concat(head, tail))), "digest");
    }

    function test_hashRenegotiation_matchesAnIndependentEip712Digest() public view {
        ILoanTypes.Renegotiation memory terms = ILoanTypes.Renegotiation({
            loanId: 7,
            loanHash: keccak256("loan"),
            aprBps: 500,
            duration: 60 days,
            gracePeriod: 2 days,
            expiry: 1_800_000_000,
            nonce: 3
        });
        bytes32 typehash = keccak256(
            "Renegotiation(uint256 loanId,bytes32 loanHash,uint32 aprBps,uint32 duration,uint32 gracePeriod,"
            "uint64 expiry,uint256 nonce)"
        );
        bytes32 structHash = keccak256(
            abi.encode(
                typehash,
                terms.loanId,
                terms.loanHash,
                terms.aprBps,
                terms.duration,
                terms.gracePeriod,
                terms.expiry,
                terms.nonce
            )
        );

        assertEq(core.RENEGOTIATION_TYPEHASH(), typehash, "typehash");
        assertEq(core.hashRenegotiation(terms), _typedDigest(structHash), "digest");
    }

    function test_hashOffer_dependsOnTheChain() public {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 here = core.hashOffer(offer);

        vm.chainId(block.chainid + 1);

        assertNotEq(core.hashOffer(offer), here, "other chain, other digest");
        assertEq(
            core.hashOffer(offer),
            _typedDigest(keccak256(abi.encode(core.LOAN_OFFER_TYPEHASH(), offer))),
            "this chain's domain"
        );
    }

    function testFuzz_hashOffer_everyFieldMatters(uint256 field, uint256 value) public view {
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        bytes32 original = core.hashOffer(offer);
        field = bound(field, 0, 15);
        bytes memory encoded = abi.encode(offer);
        uint256 word;
        for (uint256 k; k < 32; ++k) {
            word = word << 8 | uint8(encoded[field * 32 + k]);
        }
        // Pick a different value that still decodes (enums and small integers stay in range).
        uint256 replacement = word == value % 2 ? (value % 2) ^ 1 : value % 2;
        for (uint256 k; k < 32; ++k) {
            encoded[field * 32 + k] = bytes1(uint8(replacement >> (8 * (31 - k))));
        }
        ILoanTypes.LoanOffer memory changed = abi.decode(encoded, (ILoanTypes.LoanOffer));

        assertNotEq(core.hashOffer(changed), original, "digest changes");
    }

    /*//////////////////////////////////////////////////////////////
                                 NOTES
    //////////////////////////////////////////////////////////////*/

    function testFuzz_noteIds_areDistinctAndEncodeTheLoan(uint128 loanId, uint128 otherId) public view {
        vm.assume(loanId != otherId);
        uint256 lenderNote = core.lenderNoteId(loanId);
        uint256 borrowerNote = core.borrowerNoteId(loanId);

        assertEq(lenderNote, uint256(loanId) * 2, "lender note = 2 * id");
        assertEq(borrowerNote, uint256(loanId) * 2 + 1, "borrower note = 2 * id + 1");
        assertNotEq(lenderNote, core.lenderNoteId(otherId), "lender notes distinct");
        assertNotEq(lenderNote, core.borrowerNoteId(otherId), "lender vs other borrower");
        assertNotEq(borrowerNote, core.borrowerNoteId(otherId), "borrower notes distinct");
    }

    function test_notes_nameSymbolAndTokenUri() public {
        (uint256 loanId,) = _openLoan();

        assertEq(core.name(), "Hypotheca Loan Notes", "name");
        assertEq(core.symbol(), "HYPO-NOTE", "symbol");
        assertEq(
            core.tokenURI(core.lenderNoteId(loanId)),
            "data:application/json;utf8,{\"name\":\"Hypotheca Lender note, loan #1\",\"description\":\"Position in Hypotheca loan #1.\"}",
            "lender note"
        );
        assertEq(
            core.tokenURI(core.borrowerNoteId(loanId)),
            "data:application/json;utf8,{\"name\":\"Hypotheca Borrower note, loan #1\",\"description\":\"Position in Hypotheca loan #1.\"}",
            "borrower note"
        );
        assertEq(core.balanceOf(lender), 1, "lender holds one note");
        assertEq(core.balanceOf(borrower), 1, "borrower holds one note");
    }

    function test_notes_tokenUriRevertsOnceBurned() public {
        (uint256 loanId, ILoanTypes.Loan memory loan) = _openLoan();
        uint256 noteId = core.lenderNoteId(loanId);
        vm.prank(borrower);
        core.repay(loanId, loan);

        vm.expectRevert(ERC721.TokenDoesNotExist.selector);
        core.tokenURI(noteId);
        assertEq(core.balanceOf(lender), 0, "burned");
    }

    function test_notes_tokenUriRevertsForAnUnknownLoan() public {
        uint256 noteId = core.lenderNoteId(42);

        vm.expectRevert(ERC721.TokenDoesNotExist.selector);
        core.tokenURI(noteId);
    }

    /*//////////////////////////////////////////////////////////////
                           STATE AND PLUMBING
    //////////////////////////////////////////////////////////////*/

    function test_views_initialState() public view {
        assertEq(core.loanHash(1), bytes32(0), "no loan");
        assertEq(core.offerUsed(core.hashOffer(_collectionOffer())), 0, "unused offer");
        assertEq(core.minNonce(lender), 0, "nonce");
        assertEq(core.claimable(lender, address(weth)), 0, "claimable");
        assertTrue(core.isCurrencyAllowed(address(weth)), "weth");
        assertTrue(core.isCurrencyAllowed(address(usd)), "usd");
        assertFalse(core.isCurrencyAllowed(address(nft)), "not a currency");
        assertEq(core.guardian(), guardian, "guardian");
        assertEq(_loanCount(), 0, "loan count");
    }

    function test_extension_isBuiltWithTheSameConfiguration() public {
        LoanCoreExtension extension = LoanCoreExtension(core.extension());
        LoanCoreExtension twin = new LoanCoreExtension(delegateRegistry, LoanDefaults.parameters());

        assertEq(extension.configurationHash(), twin.configurationHash(), "same registry and parameters");
        assertLe(address(extension).code.length, 24_576, "extension within EIP-170");
        assertLe(address(core).code.length, 24_576, "core within EIP-170");
    }

    function test_extension_directCallsRevertNotDelegated() public {
        LoanCoreExtension extension = LoanCoreExtension(core.extension());
        (, ILoanTypes.Loan memory loan) = _openLoan();
        ILoanTypes.LoanOffer memory offer = _collectionOffer();
        ILoanTypes.Renegotiation memory terms2;

        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.fillRequest(_request(), "", 1 ether, 1000, address(0));
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.refinance(1, loan, offer, "", 1 ether, _noProof());
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.takeOver(1, loan, 500, 30 days, 1 days);
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.renegotiate(1, loan, terms2, "");
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.callLoan(1, loan);
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.auctionTakeover(1, loan, 500);
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.startSale(1, loan);
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.buy(1, loan, 0, address(0));
        vm.expectRevert(LoanCoreExtension.NotDelegated.selector);
        extension.setDelegate(1, loan, address(0));
    }

    function test_onERC1155Received_acceptsOnlyTheCoresOwnEscrow() public {
        assertEq(
            core.onERC1155Received(address(core), borrower, 1, 1, ""),
            core.onERC1155Received.selector,
            "selector"
        );
        vm.expectRevert(abi.encodeWithSelector(ILoanTypes.InvalidRecipient.selector, address(core)));
        core.onERC1155Received(address(0), address(0), 1, 1, "");
    }

    function test_erc721SafeTransferToTheCoreBounces() public {
        vm.expectRevert(ERC721.TransferToNonERC721ReceiverImplementer.selector);
        vm.prank(borrower);
        nft.safeTransferFrom(borrower, address(core), 1);
    }
}
