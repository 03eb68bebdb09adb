// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {WethGatewayBaseTest} from "./WethGatewayBaseTest.sol";
import {WethGatewayHandler} from "./handlers/WethGatewayHandler.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";

/// @notice Invariants of the WETH gateway under random borrows, repayments, partial repayments, request
/// fills and time steps.
contract WethGatewayInvariantTest is WethGatewayBaseTest {
    WethGatewayHandler internal handler;

    function setUp() public override {
        super.setUp();
        _fundWeth(lender, 1_000_000 ether);
        handler = new WethGatewayHandler(core, gateway, nft, multiToken, lender, lenderKey, FEE_BPS);

        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = WethGatewayHandler.borrow.selector;
        selectors[1] = WethGatewayHandler.fillRequest.selector;
        selectors[2] = WethGatewayHandler.repay.selector;
        selectors[3] = WethGatewayHandler.repayPartial.selector;
        selectors[4] = WethGatewayHandler.warp.selector;
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    /// @dev No ETH, WETH, NFT, allowance or operator approval is ever left in the gateway.
    function invariant_gatewayHoldsNothing() public view {
        _assertGatewayEmpty();
        assertEq(IERC721(address(core)).balanceOf(address(gateway)), 0, "gateway notes");
    }

    /// @dev Borrowers get exactly the principal in ETH, payers exactly their excess back, lenders lend
    /// exactly what they send.
    function invariant_ethAmountsMatchTheModel() public view {
        assertEq(handler.ghostEthMismatches(), 0);
    }

    function invariant_openLoansMatchTheModel() public view {
        assertEq(handler.ghostLoansOpened() - handler.ghostLoansClosed(), handler.openLoanCount());
    }
}
