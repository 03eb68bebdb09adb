import { Hono } from "hono";
import { auctions } from "./auctions.ts";
import { collections } from "./collections.ts";
import { loans } from "./loans.ts";
import { pools } from "./pools.ts";

/** Loans, pools, auctions and collections under /v1 (mounted by index.ts). */
export const lendingRoutes = new Hono()
  .route("/loans", loans)
  .route("/pools", pools)
  .route("/auctions", auctions)
  .route("/collections", collections);
