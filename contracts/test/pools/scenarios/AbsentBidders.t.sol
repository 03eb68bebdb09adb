// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PricePaths} from "./PricePaths.sol";
import {ScenarioBase} from "./ScenarioBase.sol";

/// @notice Scenario 3, bidders absent for the first hours of every auction (BendDAO, August 2022: most
/// auctions got no bid at all - only 4 of 17 MAYC auctions did), on top of the falling market of
/// scenario 1 with the same loan book: nobody bids during the first hours of a liquidation, then the
/// bidder model resumes. Reports the figures; asserts the accounting, that every NFT is accounted for and
/// that every auction clears once bidders are back (bad debt is a figure here, not a failure).
contract AbsentBiddersScenarioTest is ScenarioBase {
    function setUp() public override {
        super.setUp();
        path = PricePaths.bendDao2022();
        _warmUp(3000 ether);
        _bendDaoBook();
    }

    /// @dev No bids for the first 6 hours of each liquidation.
    function test_scenario_absentBidders6h() public {
        models.bidderDelay = 6 hours;
        _runAndCheck("BendDAO path, no bids for 6 h");
    }

    /// @dev No bids for a whole auction decay (the default 24 h): bidders come back to a price at the
    /// auction's floor, or to a restarted auction.
    function test_scenario_absentBidders24h() public {
        models.bidderDelay = 24 hours;
        _runAndCheck("BendDAO path, no bids for 24 h");
    }

    function _runAndCheck(string memory name) internal {
        Stats memory s = _run(name);
        assertGt(s.liquidated, 0, "the path stresses the pool");
        assertEq(s.liquidated, s.sold + s.redeemed + s.unsoldAtEnd, "every liquidation accounted for");
        assertEq(s.unsoldAtEnd, 0, "every auction cleared once bidders came back");
        assertLe(
            s.maxTimeToSale,
            models.bidderDelay + _collectionConfig(0).auctionDuration,
            "sold within one decay of their return"
        );
    }
}
