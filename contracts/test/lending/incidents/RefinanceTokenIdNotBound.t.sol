// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DemoCollection} from "../../../src/devnet/DemoCollection.sol";
import {ILoanTypes} from "../../../src/interfaces/ILoanTypes.sol";
import {IncidentBaseTest} from "./IncidentBaseTest.sol";

/// @notice Incident class: refinance not bound to the collateral (Gondi H-04: refinancing from an offer
/// made for another token id). A refinancing offer must accept exactly this loan's collection, token id,
/// amount and currency; the loan's collateral never changes.
contract RefinanceTokenIdNotBoundTest is IncidentBaseTest {
    DemoCollection internal otherCollection;
    uint256 internal loanId;
    ILoanTypes.Loan internal loan;

    function setUp() public override {
        super.setUp();
        otherCollection = new DemoCollection(owner, "Other", "OTH");
        (loanId, loan) = _openLoan();
    }

    /// @dev lender2's offer for the demo collection, Token scope on `tokenId`.
    function _lender2TokenOffer(uint256 tokenId) internal view returns (ILoanTypes.LoanOffer memory offer) {
        offer = _tokenOffer(tokenId);
        offer.lender = lender2;
        offer.aprBps = 500;
    }

    function _leaf(uint256 tokenId) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(tokenId))));
    }

    function _pairRoot(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _refinance(ILoanTypes.LoanOffer memory offer, bytes32[] memory proof) internal {
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, proof);
    }

    function _expectRefinanceRevert(
        ILoanTypes.LoanOffer memory offer,
        bytes32[] memory proof,
        bytes memory error
    ) internal {
        bytes memory signature = _signOffer(lender2Key, offer);
        vm.expectRevert(error);
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, proof);
        _assertLive(loanId, loan);
        assertEq(_lenderOf(loanId), lender);
    }

    function test_refinance_offerForAnotherTokenId_reverts() public {
        _expectRefinanceRevert(
            _lender2TokenOffer(2),
            noProof,
            abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1)
        );
    }

    function test_refinance_offerForAnotherCollection_reverts() public {
        ILoanTypes.LoanOffer memory offer = _lender2TokenOffer(1);
        offer.collateral = address(otherCollection);
        _expectRefinanceRevert(
            offer,
            noProof,
            abi.encodeWithSelector(
                ILoanTypes.CollateralMismatch.selector, address(nft), 1, address(otherCollection), 1
            )
        );
        offer.scope = ILoanTypes.Scope.Collection;
        _expectRefinanceRevert(
            offer,
            noProof,
            abi.encodeWithSelector(
                ILoanTypes.CollateralMismatch.selector, address(nft), 1, address(otherCollection), 1
            )
        );
    }

    function test_refinance_offerForAnotherAmount_reverts() public {
        // An ERC-1155 offer (amount 1) for an ERC-721 loan, and the other way round below.
        ILoanTypes.LoanOffer memory offer = _lender2TokenOffer(1);
        offer.collateralAmount = 1;
        _expectRefinanceRevert(
            offer,
            noProof,
            abi.encodeWithSelector(ILoanTypes.CollateralMismatch.selector, address(nft), 1, address(nft), 1)
        );

        ILoanTypes.LoanOffer memory itemsOffer = _collectionOffer();
        itemsOffer.collateral = address(items);
        itemsOffer.collateralAmount = 4;
        (loanId, loan) = _accept(itemsOffer, 1, 1 ether);
        ILoanTypes.LoanOffer memory fewer = itemsOffer;
        fewer.lender = lender2;
        fewer.collateralAmount = 1;
        _expectRefinanceRevert(
            fewer,
            noProof,
            abi.encodeWithSelector(
                ILoanTypes.CollateralMismatch.selector, address(items), 1, address(items), 0
            )
        );
    }

    function test_refinance_offerInAnotherCurrency_reverts() public {
        ILoanTypes.LoanOffer memory offer = _lender2TokenOffer(1);
        offer.currency = address(usd);
        offer.minPrincipal = 1;
        offer.maxPrincipal = 10 ether;
        offer.capacity = 10 ether;
        _expectRefinanceRevert(
            offer,
            noProof,
            abi.encodeWithSelector(ILoanTypes.CurrencyMismatch.selector, address(weth), address(usd))
        );
    }

    function test_refinance_tokenSetProofForAnotherToken_reverts() public {
        ILoanTypes.LoanOffer memory offer = _lender2TokenOffer(0);
        offer.scope = ILoanTypes.Scope.TokenSet;
        offer.tokenSetRoot = _pairRoot(_leaf(2), _leaf(3));
        bytes32[] memory proofFor2 = new bytes32[](1);
        proofFor2[0] = _leaf(3);
        _expectRefinanceRevert(
            offer, proofFor2, abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1)
        );
    }

    function test_refinance_offerBoundToThisToken_keepsCollateral() public {
        _refinance(_lender2TokenOffer(1), noProof);
        assertEq(_lenderOf(loanId), lender2);

        ILoanTypes.LoanOffer memory setOffer = _lender2TokenOffer(0);
        setOffer.scope = ILoanTypes.Scope.TokenSet;
        setOffer.tokenSetRoot = _pairRoot(_leaf(1), _leaf(3));
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = _leaf(3);
        ILoanTypes.Loan memory current = _reloaded();
        bytes memory signature = _signOffer(lender2Key, setOffer);
        _recordAs(borrower);
        core.refinance(loanId, current, setOffer, signature, 1 ether, proof);
        ILoanTypes.Loan memory refinanced = _lastLoan();
        assertEq(refinanced.collateral, address(nft));
        assertEq(refinanced.tokenId, 1);
        assertEq(refinanced.collateralAmount, 0);
        assertEq(nft.ownerOf(1), address(core));
    }

    function testFuzz_refinance_onlyOffersCoveringTheToken(uint256 offeredTokenId) public {
        offeredTokenId = bound(offeredTokenId, 0, 10);
        ILoanTypes.LoanOffer memory offer = _lender2TokenOffer(offeredTokenId);
        bytes memory signature = _signOffer(lender2Key, offer);
        if (offeredTokenId != 1) {
            vm.expectRevert(abi.encodeWithSelector(ILoanTypes.TokenNotInScope.selector, address(nft), 1));
        }
        vm.prank(borrower);
        core.refinance(loanId, loan, offer, signature, 1 ether, noProof);
    }

    /// @dev The loan as it is after `_refinance` to lender2's token offer, checked against the stored hash.
    function _reloaded() internal returns (ILoanTypes.Loan memory current) {
        current = loan;
        current.aprBps = 500;
        current.feeBps = FEE_BPS;
        current.startTime = uint40(block.timestamp);
        current.accrualStart = uint40(block.timestamp);
        assertEq(core.loanHash(loanId), keccak256(abi.encode(current)));
        loan = current;
    }
}
