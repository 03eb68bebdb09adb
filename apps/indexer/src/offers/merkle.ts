import { concat, encodeAbiParameters, type Hash, keccak256 } from "viem";

/**
 * Token sets of TokenSet offers, built as OpenZeppelin's StandardMerkleTree builds them for
 * `["uint256"]` leaves (what LoanCore verifies with MerkleProofLib): leaf =
 * keccak256(bytes.concat(keccak256(abi.encode(tokenId)))), leaves sorted, pairs hashed sorted, stored
 * as a complete binary tree in an array (root at 0).
 */
export class TokenSetTree {
  private readonly tree: Hash[];
  private readonly index = new Map<bigint, number>();

  constructor(tokenIds: readonly bigint[]) {
    const unique = [...new Set(tokenIds)];
    const leaves = unique.map((id) => ({ id, leaf: leafHash(id) })).sort((a, b) => compare(a.leaf, b.leaf));
    const count = leaves.length;
    this.tree = new Array<Hash>(2 * count - 1);
    for (const [i, { id, leaf }] of leaves.entries()) {
      const position = this.tree.length - 1 - i;
      this.tree[position] = leaf;
      this.index.set(id, position);
    }
    for (let i = this.tree.length - 1 - count; i >= 0; i--) {
      this.tree[i] = hashPair(this.tree[2 * i + 1] as Hash, this.tree[2 * i + 2] as Hash);
    }
  }

  get root(): Hash {
    return this.tree[0] as Hash;
  }

  has(tokenId: bigint): boolean {
    return this.index.has(tokenId);
  }

  /** Sibling hashes from the leaf up; undefined when the token is not in the set. */
  proof(tokenId: bigint): Hash[] | undefined {
    let i = this.index.get(tokenId);
    if (i === undefined) return undefined;
    const proof: Hash[] = [];
    while (i > 0) {
      const sibling = i % 2 === 1 ? i + 1 : i - 1;
      proof.push(this.tree[sibling] as Hash);
      i = Math.floor((i - 1) / 2);
    }
    return proof;
  }
}

function leafHash(tokenId: bigint): Hash {
  return keccak256(keccak256(encodeAbiParameters([{ type: "uint256" }], [tokenId])));
}

function hashPair(a: Hash, b: Hash): Hash {
  return keccak256(compare(a, b) <= 0 ? concat([a, b]) : concat([b, a]));
}

function compare(a: Hash, b: Hash): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
