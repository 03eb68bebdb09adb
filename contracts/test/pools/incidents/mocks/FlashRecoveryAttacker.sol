// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../../../src/interfaces/IFloorOracle.sol";
import {ILoanCore} from "../../../../src/interfaces/ILoanCore.sol";
import {ILoanTypes} from "../../../../src/interfaces/ILoanTypes.sol";
import {LendingPool} from "../../../../src/pools/LendingPool.sol";
import {MockFlashLender} from "./MockFlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice A borrower's operator contract that tries to make an unhealthy pool loan look healthy for
/// the length of one transaction with borrowed money, then take the money back out.
contract FlashRecoveryAttacker {
    enum Plan {
        DepositAndWithdraw,
        RepayThenReborrow,
        RepayThenWithdrawShares
    }

    error NotFlashLender(address caller);
    error TransferFailed();

    ILoanCore internal immutable _CORE;
    LendingPool internal immutable _POOL;
    IERC20 internal immutable _WETH;
    MockFlashLender internal immutable _FLASH;

    uint256 public loanId;
    ILoanTypes.Loan internal _loan;
    uint256 public hfBefore;
    uint256 public hfInside;
    uint256 public borrowValueInside;
    /// @dev Whether the re-borrow against the escrowed NFT went through (it must not).
    bool public reborrowed;

    constructor(ILoanCore core, LendingPool pool, IERC20 weth, MockFlashLender flash) {
        (_CORE, _POOL, _WETH, _FLASH) = (core, pool, weth, flash);
    }

    function attack(uint256 loanId_, ILoanTypes.Loan calldata loan, Plan plan, uint256 amount) external {
        loanId = loanId_;
        _loan = loan;
        _FLASH.flashLoan(address(this), amount, abi.encode(plan));
    }

    function onFlashLoan(uint256 amount, bytes calldata data) external {
        if (msg.sender != address(_FLASH)) revert NotFlashLender(msg.sender);
        Plan plan = abi.decode(data, (Plan));
        hfBefore = _POOL.healthFactor(loanId, _loan);
        if (plan == Plan.DepositAndWithdraw) {
            _WETH.approve(address(_POOL), amount);
            uint256 shares = _POOL.deposit(amount, address(this));
            hfInside = _POOL.healthFactor(loanId, _loan);
            borrowValueInside = IFloorOracle(_POOL.oracle()).borrowPrice(_loan.collateral);
            _POOL.redeem(shares, address(this), address(this));
        } else if (plan == Plan.RepayThenReborrow) {
            _repayPartial(amount);
            // Pull the money back out against the same NFT: it is escrowed by the core, not ours.
            ILoanTypes.LoanTerms memory terms = ILoanTypes.LoanTerms({
                collateral: _loan.collateral,
                tokenId: _loan.tokenId,
                collateralAmount: 0,
                currency: address(_WETH),
                principal: amount,
                aprBps: uint32(_POOL.quote(amount)),
                duration: 30 days,
                gracePeriod: 0,
                defaultMode: ILoanTypes.DefaultMode.Managed,
                delegate: address(0)
            });
            try _CORE.borrowFrom(address(_POOL), terms, "") {
                reborrowed = true;
            } catch {
                reborrowed = false;
            }
        } else {
            uint256 half = amount / 2;
            _WETH.approve(address(_POOL), half);
            uint256 shares = _POOL.deposit(half, address(this));
            _repayPartial(amount - half);
            _POOL.redeem(shares, address(this), address(this));
        }
        // Hand back the loan (the contract's own dust covers share rounding), or all it has if short.
        uint256 balance = _WETH.balanceOf(address(this));
        if (!_WETH.transfer(address(_FLASH), balance < amount ? balance : amount)) revert TransferFailed();
    }

    /// @dev Pays `amount` toward the loan (interest first) and records the health factor right after.
    function _repayPartial(uint256 amount) internal {
        (uint256 interest,) = _CORE.debtAt(_loan, block.timestamp);
        _WETH.approve(address(_CORE), amount);
        _CORE.repayPartial(loanId, _loan, amount);
        _loan.principal -= amount - interest;
        _loan.carriedInterest = 0;
        _loan.accrualStart = uint40(block.timestamp);
        hfInside = _POOL.healthFactor(loanId, _loan);
    }
}
