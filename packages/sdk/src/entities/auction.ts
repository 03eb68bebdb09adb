/**
 * A pool liquidation's Dutch auction, from its `Auction` struct (as the pool's events carry it): price at
 * any time, when the decay ends, what redeeming costs, and what a restart would set — the same results
 * as the pool's `auctionPrice` view and its `restart` / `redeemLoan` rules.
 */
import type { AbiParameterToPrimitiveType } from "viem";
import type { lendingPoolAbi } from "../generated/abis.ts";
import { auctionPrice, bpsDown, bpsUp } from "../math/poolMath.ts";
import { add, sub } from "../math/uint256.ts";

type AuctionPriceFunction = Extract<(typeof lendingPoolAbi)[number], { type: "function"; name: "auctionPrice" }>;

/** A live pool auction (ILendingPoolTypes.Auction); the pool stores its hash, callers pass it back. */
export type Auction = AbiParameterToPrimitiveType<AuctionPriceFunction["inputs"][0]>;

export const AuctionStatus = {
  /** The price is falling from `startPrice` toward `floorPrice`. */
  Live: "live",
  /** Decayed to its floor: still for sale at `floorPrice`, and anyone may `restart` it lower. */
  AtFloor: "atFloor",
} as const;
export type AuctionStatus = (typeof AuctionStatus)[keyof typeof AuctionStatus];

/** When the price reaches the floor: `startTime + duration` (from then on `restart` is allowed). */
export function auctionEndsAt(auction: Pick<Auction, "startTime" | "duration">): bigint {
  return BigInt(auction.startTime) + BigInt(auction.duration);
}

/**
 * Price at `timestamp` (unix seconds), rounded up: the pool's `auctionPrice(auction, timestamp)`. Throws
 * `ArithmeticError` before `startTime`, where the view reverts.
 */
export function auctionPriceAt(
  auction: Pick<Auction, "startPrice" | "floorPrice" | "startTime" | "duration">,
  timestamp: bigint,
): bigint {
  return auctionPrice(
    auction.startPrice,
    auction.floorPrice,
    sub(timestamp, BigInt(auction.startTime), "auctionPrice: timestamp before startTime"),
    BigInt(auction.duration),
  );
}

/** Status at `timestamp`; an auction lasts until someone buys or redeems it (the pool's events say when). */
export function auctionStatus(auction: Pick<Auction, "startTime" | "duration">, timestamp: bigint): AuctionStatus {
  return timestamp < auctionEndsAt(auction) ? AuctionStatus.Live : AuctionStatus.AtFloor;
}

/** What `redeemLoan` costs: the auction's debt plus the redemption penalty (rounded up, to the starter). */
export function redemptionCost(auction: Pick<Auction, "debt" | "penaltyBps">): {
  debt: bigint;
  penalty: bigint;
  total: bigint;
} {
  const penalty = bpsUp(auction.debt, BigInt(auction.penaltyBps));
  return { debt: auction.debt, penalty, total: add(auction.debt, penalty, "redeemLoan") };
}

/**
 * The auction `restart` would create at `timestamp` (allowed once it decayed, `timestamp >=
 * auctionEndsAt`): from the old floor down to `floorBps` of it, over the same duration.
 */
export function restartedAuction(auction: Auction, timestamp: bigint): Auction {
  return {
    ...auction,
    startPrice: auction.floorPrice,
    floorPrice: bpsDown(auction.floorPrice, BigInt(auction.floorBps)),
    startTime: Number(timestamp),
    round: auction.round + 1,
  };
}
