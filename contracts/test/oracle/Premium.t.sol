// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IFloorOracle} from "../../src/interfaces/IFloorOracle.sol";
import {FloorOracleBaseTest} from "./FloorOracleBaseTest.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice proposePremiumRoot, premiumRoot and premiumBps: delayed roots, Merkle-proven multipliers.
contract PremiumTest is FloorOracleBaseTest {
    uint256[4] internal tokenIds = [uint256(7), 42, 1000, 9999];
    uint256[4] internal multipliers = [uint256(10_000), 12_500, 30_000, 15_000];
    bytes32 internal root;

    function setUp() public override {
        super.setUp();
        root = _root(tokenIds, multipliers);
    }

    /*//////////////////////////////////////////////////////////////
                            PROPOSE / ACTIVATE
    //////////////////////////////////////////////////////////////*/

    function test_proposePremiumRoot_emitsWithActivationTime() public {
        vm.expectEmit(address(oracle));
        emit IFloorOracle.PremiumRootProposed(collection, root, START_TIME + PREMIUM_DELAY);
        _propose(root);
    }

    function test_proposePremiumRoot_takesEffectExactlyAfterTheDelay() public {
        _propose(root);
        assertEq(oracle.premiumRoot(collection), bytes32(0), "not yet");
        skip(PREMIUM_DELAY - 1);
        assertEq(oracle.premiumRoot(collection), bytes32(0), "one second before");
        skip(1);
        assertEq(oracle.premiumRoot(collection), root, "in force");
    }

    function test_proposePremiumRoot_replacesAPendingProposalOnly() public {
        _propose(root);
        skip(PREMIUM_DELAY);
        bytes32 second = keccak256("second");
        _propose(second);
        skip(PREMIUM_DELAY - 1);
        bytes32 third = keccak256("third");
        _propose(third);

        assertEq(oracle.premiumRoot(collection), root, "the root in force is untouched");
        skip(PREMIUM_DELAY - 1);
        assertEq(oracle.premiumRoot(collection), root, "second never took effect");
        skip(1);
        assertEq(oracle.premiumRoot(collection), third, "third in force after its own delay");
    }

    function test_proposePremiumRoot_zeroRootWithdrawsPremiumsAfterTheDelay() public {
        _propose(root);
        skip(PREMIUM_DELAY);
        _propose(bytes32(0));
        assertEq(_premium(1), multipliers[1], "still in force during the delay");
        skip(PREMIUM_DELAY);

        bytes32[] memory proof = _proof(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFloorOracle.InvalidPremium.selector, collection, tokenIds[1], multipliers[1]
            )
        );
        oracle.premiumBps(collection, tokenIds[1], multipliers[1], proof);
    }

    function test_proposePremiumRoot_isPerCollection() public {
        vm.prank(owner);
        oracle.configure(otherCollection, _defaultConfig());
        _propose(root);
        skip(PREMIUM_DELAY);

        assertEq(oracle.premiumRoot(otherCollection), bytes32(0), "other collection");
    }

    function test_proposePremiumRoot_revertsWhenCallerIsNotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        oracle.proposePremiumRoot(collection, root);
    }

    function test_proposePremiumRoot_revertsForUnlistedCollection() public {
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.CollectionNotListed.selector, otherCollection));
        vm.prank(owner);
        oracle.proposePremiumRoot(otherCollection, root);
    }

    /*//////////////////////////////////////////////////////////////
                               PREMIUM BPS
    //////////////////////////////////////////////////////////////*/

    function test_premiumBps_emptyProofIsTheFloor() public view {
        assertEq(oracle.premiumBps(collection, 123, 10_000, new bytes32[](0)), 10_000, "no root needed");
    }

    function test_premiumBps_provenMultipliers() public {
        _activate(root);
        for (uint256 i; i < 4; ++i) {
            assertEq(_premium(i), multipliers[i], "multiplier");
        }
    }

    function test_premiumBps_revertsForAMultiplierNotInTheTree() public {
        _activate(root);
        bytes32[] memory proof = _proof(1);
        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, collection, tokenIds[1], 20_000)
        );
        oracle.premiumBps(collection, tokenIds[1], 20_000, proof);
    }

    function test_premiumBps_revertsForAnotherTokensProof() public {
        _activate(root);
        bytes32[] memory proof = _proof(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFloorOracle.InvalidPremium.selector, collection, tokenIds[2], multipliers[1]
            )
        );
        oracle.premiumBps(collection, tokenIds[2], multipliers[1], proof);
    }

    function test_premiumBps_revertsUnderAPendingRoot() public {
        _propose(root);
        bytes32[] memory proof = _proof(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFloorOracle.InvalidPremium.selector, collection, tokenIds[1], multipliers[1]
            )
        );
        oracle.premiumBps(collection, tokenIds[1], multipliers[1], proof);
    }

    function test_premiumBps_revertsForEmptyProofWithAMultiplier() public {
        _activate(root);
        vm.expectRevert(abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, collection, 42, 12_500));
        oracle.premiumBps(collection, 42, 12_500, new bytes32[](0));
    }

    function test_premiumBps_singleLeafTreeNeedsNoProof() public {
        bytes32 leaf = _leaf(5, 11_000);
        _activate(leaf);
        assertEq(oracle.premiumBps(collection, 5, 11_000, new bytes32[](0)), 11_000, "root == leaf");
    }

    function test_premiumBps_revertsForALeafBelowTheFloor() public {
        uint256[4] memory ids = tokenIds;
        uint256[4] memory values = multipliers;
        values[0] = 9999;
        _activate(_root(ids, values));
        bytes32[] memory proof = _proofOf(ids, values, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, collection, ids[0], 9999)
        );
        oracle.premiumBps(collection, ids[0], 9999, proof);
    }

    function test_premiumBps_revertsForALeafAboveTheCap() public {
        uint256[4] memory ids = tokenIds;
        uint256[4] memory values = multipliers;
        values[2] = MAX_PREMIUM_BPS + 1;
        _activate(_root(ids, values));
        bytes32[] memory proof = _proofOf(ids, values, 2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IFloorOracle.InvalidPremium.selector, collection, ids[2], MAX_PREMIUM_BPS + 1
            )
        );
        oracle.premiumBps(collection, ids[2], MAX_PREMIUM_BPS + 1, proof);
    }

    /// @dev Any four leaves within range: each proves its own multiplier and no other.
    function testFuzz_premiumBps_provesExactlyTheCommittedLeaves(
        uint256[4] memory ids,
        uint256[4] memory values,
        uint256 other
    ) public {
        for (uint256 i; i < 4; ++i) {
            values[i] = bound(values[i], 10_000, MAX_PREMIUM_BPS);
        }
        _activate(_root(ids, values));
        for (uint256 i; i < 4; ++i) {
            bytes32[] memory proof = _proofOf(ids, values, i);
            assertEq(oracle.premiumBps(collection, ids[i], values[i], proof), values[i], "proven");
        }
        bytes32[] memory firstProof = _proofOf(ids, values, 0);
        vm.assume(other != values[0] && _leaf(ids[0], other) != _leaf(ids[1], values[1]));
        vm.expectRevert(
            abi.encodeWithSelector(IFloorOracle.InvalidPremium.selector, collection, ids[0], other)
        );
        oracle.premiumBps(collection, ids[0], other, firstProof);
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    function _propose(bytes32 newRoot) internal {
        vm.prank(owner);
        oracle.proposePremiumRoot(collection, newRoot);
    }

    function _activate(bytes32 newRoot) internal {
        _propose(newRoot);
        skip(PREMIUM_DELAY);
    }

    function _premium(uint256 index) internal view returns (uint256) {
        return oracle.premiumBps(collection, tokenIds[index], multipliers[index], _proof(index));
    }

    function _proof(uint256 index) internal view returns (bytes32[] memory) {
        return _proofOf(tokenIds, multipliers, index);
    }

    function _leaf(uint256 tokenId, uint256 multiplierBps) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(tokenId, multiplierBps))));
    }

    /// @dev Sorted-pair hashing, as OpenZeppelin's and solady's Merkle trees.
    function _parent(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _root(uint256[4] memory ids, uint256[4] memory values) internal pure returns (bytes32) {
        return _parent(
            _parent(_leaf(ids[0], values[0]), _leaf(ids[1], values[1])),
            _parent(_leaf(ids[2], values[2]), _leaf(ids[3], values[3]))
        );
    }

    function _proofOf(uint256[4] memory ids, uint256[4] memory values, uint256 index)
        internal
        pure
        returns (bytes32[] memory proof)
    {
        proof = new bytes32[](2);
        uint256 sibling = index ^ 1;
        proof[0] = _leaf(ids[sibling], values[sibling]);
        uint256 pair = index < 2 ? 2 : 0;
        proof[1] = _parent(_leaf(ids[pair], values[pair]), _leaf(ids[pair + 1], values[pair + 1]));
    }
}
