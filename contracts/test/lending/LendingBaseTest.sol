// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LoanDefaults} from "../../script/LoanDefaults.sol";
import {DemoCollection} from "../../src/devnet/DemoCollection.sol";
import {DemoItems} from "../../src/devnet/DemoItems.sol";
import {DemoStablecoin} from "../../src/devnet/DemoStablecoin.sol";
import {IDelegateRegistry} from "../../src/interfaces/IDelegateRegistry.sol";
import {ILoanCore} from "../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../src/interfaces/ILoanTypes.sol";
import {ILoanCoreExtension, LoanCore} from "../../src/lending/LoanCore.sol";
import {LoanCoreExtension} from "../../src/lending/LoanCoreExtension.sol";
import {DelegateRegistry} from "../../src/periphery/DelegateRegistry.sol";
import {Test, Vm} from "forge-std/Test.sol";
import {WETH} from "solady/tokens/WETH.sol";

/// @notice Shared world for loan core tests: real tokens (solady WETH, a 6-decimal blacklisting
/// stablecoin, an ERC-721 and an ERC-1155 collection), named actors with signing keys, the core with
/// its deployment defaults and a 10% protocol fee, and helpers to sign offers and follow loan state.
abstract contract LendingBaseTest is Test {
    uint16 internal constant FEE_BPS = 1000;
    uint256 internal constant START_TIME = 1_750_000_000;

    LoanCore internal core;
    WETH internal weth;
    DemoStablecoin internal usd;
    DemoCollection internal nft;
    DemoItems internal items;
    IDelegateRegistry internal delegateRegistry;

    address internal owner = makeAddr("owner");
    address internal treasury = makeAddr("treasury");
    address internal guardian = makeAddr("guardian");
    address internal keeper = makeAddr("keeper");
    address internal lender;
    uint256 internal lenderKey;
    address internal lender2;
    uint256 internal lender2Key;
    address internal borrower;
    uint256 internal borrowerKey;
    address internal attacker;
    uint256 internal attackerKey;

    function setUp() public virtual {
        vm.warp(START_TIME);
        (lender, lenderKey) = makeAddrAndKey("lender");
        (lender2, lender2Key) = makeAddrAndKey("lender2");
        (borrower, borrowerKey) = makeAddrAndKey("borrower");
        (attacker, attackerKey) = makeAddrAndKey("attacker");

        weth = new WETH();
        usd = new DemoStablecoin(owner);
        nft = new DemoCollection(owner, "Demo Apes", "DAPE");
        items = new DemoItems(owner);
        delegateRegistry = _deployDelegateRegistry();

        LoanCoreExtension extension = new LoanCoreExtension(delegateRegistry, LoanDefaults.parameters());
        core = new LoanCore(
            owner,
            treasury,
            delegateRegistry,
            LoanDefaults.parameters(),
            ILoanCoreExtension(address(extension))
        );
        vm.startPrank(owner);
        core.setCurrencyAllowed(address(weth), true);
        core.setCurrencyAllowed(address(usd), true);
        core.setProtocolFee(FEE_BPS);
        core.setGuardian(guardian);
        vm.stopPrank();

        address[4] memory funded = [lender, lender2, borrower, keeper];
        for (uint256 i; i < funded.length; ++i) {
            _fund(funded[i], 1000 ether, 1_000_000e6);
        }
        for (uint256 id = 1; id <= 5; ++id) {
            _mintNft(borrower, id);
        }
        vm.prank(owner);
        items.mint(borrower, 1, 10);
    }

    /// @dev The project's delegate.cash v2-compatible registry (the devnet deploys the same).
    function _deployDelegateRegistry() internal virtual returns (IDelegateRegistry) {
        return new DelegateRegistry();
    }

    /*//////////////////////////////////////////////////////////////
                                  ACTORS
    //////////////////////////////////////////////////////////////*/

    function _fund(address account, uint256 wethAmount, uint256 usdAmount) internal {
        vm.deal(account, wethAmount);
        vm.startPrank(account);
        weth.deposit{value: wethAmount}();
        weth.approve(address(core), type(uint256).max);
        usd.approve(address(core), type(uint256).max);
        nft.setApprovalForAll(address(core), true);
        items.setApprovalForAll(address(core), true);
        vm.stopPrank();
        vm.prank(owner);
        usd.mint(account, usdAmount);
    }

    function _mintNft(address to, uint256 id) internal {
        vm.prank(owner);
        nft.mint(to, id);
    }

    /*//////////////////////////////////////////////////////////////
                            OFFERS AND SIGNATURES
    //////////////////////////////////////////////////////////////*/

    /// @dev A collection offer in WETH: 0.5-1 WETH, capacity 10 WETH, 10% APR, 30 days + 1 day grace.
    function _collectionOffer() internal view returns (ILoanTypes.LoanOffer memory) {
        return ILoanTypes.LoanOffer({
            lender: lender,
            collateral: address(nft),
            scope: ILoanTypes.Scope.Collection,
            tokenId: 0,
            tokenSetRoot: bytes32(0),
            collateralAmount: 0,
            currency: address(weth),
            minPrincipal: 0.5 ether,
            maxPrincipal: 1 ether,
            capacity: 10 ether,
            aprBps: 1000,
            duration: 30 days,
            gracePeriod: 1 days,
            defaultMode: ILoanTypes.DefaultMode.Foreclose,
            expiry: uint64(block.timestamp + 7 days),
            nonce: 0
        });
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signOffer(uint256 key, ILoanTypes.LoanOffer memory offer) internal view returns (bytes memory) {
        return _sign(key, core.hashOffer(offer));
    }

    /// @dev Borrower takes `offer` (signed by `lenderKey`) for `tokenId`; returns the loan as recorded.
    function _accept(ILoanTypes.LoanOffer memory offer, uint256 tokenId, uint256 principal)
        internal
        returns (uint256 loanId, ILoanTypes.Loan memory loan)
    {
        bytes memory signature = _signOffer(lenderKey, offer);
        vm.recordLogs();
        vm.prank(borrower);
        loanId =
            core.acceptOffer(offer, signature, tokenId, principal, new bytes32[](0), address(0), address(0));
        loan = _lastLoan();
    }

    /// @dev A default loan: collection offer, token 1, 1 WETH.
    function _openLoan() internal returns (uint256 loanId, ILoanTypes.Loan memory loan) {
        return _accept(_collectionOffer(), 1, 1 ether);
    }

    /*//////////////////////////////////////////////////////////////
                                LOAN STATE
    //////////////////////////////////////////////////////////////*/

    /// @dev The newest loan state in the logs recorded since `vm.recordLogs()` (LoanStarted, LoanUpdated
    /// or LoanTransferred all carry the full struct, as the indexer reads it).
    function _lastLoan() internal returns (ILoanTypes.Loan memory loan) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            Vm.Log memory log = logs[i - 1];
            if (log.emitter != address(core)) continue;
            bytes32 topic = log.topics[0];
            if (topic == ILoanTypes.LoanStarted.selector || topic == ILoanTypes.LoanUpdated.selector) {
                return abi.decode(log.data, (ILoanTypes.Loan));
            }
            if (topic == ILoanTypes.LoanTransferred.selector) {
                (, loan) = abi.decode(log.data, (uint256, ILoanTypes.Loan));
                return loan;
            }
        }
        revert("no loan event recorded");
    }

    function _lenderOf(uint256 loanId) internal view returns (address) {
        return core.ownerOf(core.lenderNoteId(loanId));
    }

    function _borrowerOf(uint256 loanId) internal view returns (address) {
        return core.ownerOf(core.borrowerNoteId(loanId));
    }

    function _debt(ILoanTypes.Loan memory loan) internal view returns (uint256 debt) {
        (, debt) = core.debtAt(loan, block.timestamp);
    }

    function _asCore() internal view returns (ILoanCore) {
        return ILoanCore(address(core));
    }
}
