import type { Sql } from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyBps, completedSplit } from "@/lib/payments/split";
import { testDb } from "../support/db";

// The charge job splits in SQL (public.apply_bps), the no-show in TypeScript: they must agree to the cent.
const MAX_PRICE = 100_000;
const BPS = [0, 1, 4500, 5000, 6667, 9000, 9999, 10_000];

let sql: Sql;
beforeAll(() => {
  sql = testDb();
});
afterAll(async () => {
  await sql.end();
});

it(`public.apply_bps equals applyBps for every price 1–${MAX_PRICE} at ${BPS.join(", ")} bps`, async () => {
  for (const bps of BPS) {
    const rows = await sql<{ amounts: string }[]>`
      select string_agg(public.apply_bps(price, ${bps})::text, ',' order by price) as amounts
      from generate_series(1::bigint, ${MAX_PRICE}::bigint) price`;
    const fromSql = rows[0]?.amounts.split(",").map(Number) ?? [];
    const mismatches = fromSql.flatMap((amount, index) => (amount === applyBps(index + 1, bps) ? [] : [index + 1]));
    expect({ bps, count: fromSql.length, mismatches: mismatches.slice(0, 5) }).toEqual({ bps, count: MAX_PRICE, mismatches: [] });
  }
});

it("the job's completed split (its exact SQL expressions) equals completedSplit for every price, fee = remainder", async () => {
  const [row] = await sql<{ payouts: string; fees: string }[]>`
    select string_agg(payout::text, ',' order by price) as payouts, string_agg((price - payout)::text, ',' order by price) as fees
    from (select price, least(public.apply_bps(price, 9000), price) as payout
          from generate_series(1::bigint, ${MAX_PRICE}::bigint) price) job`;
  const payouts = row?.payouts.split(",").map(Number) ?? [];
  const fees = row?.fees.split(",").map(Number) ?? [];
  const mismatches = payouts.flatMap((payout, index) => {
    const split = completedSplit(index + 1);
    return payout === split.payoutCents && fees[index] === split.platformFeeCents && split.chargeCents === index + 1 ? [] : [index + 1];
  });
  expect({ count: payouts.length, mismatches: mismatches.slice(0, 5) }).toEqual({ count: MAX_PRICE, mismatches: [] });
});

it("apply_bps is not callable by browser roles", async () => {
  const [row] = await sql<{ anon: boolean; authenticated: boolean }[]>`
    select has_function_privilege('anon', 'public.apply_bps(bigint, integer)', 'execute') as anon,
           has_function_privilege('authenticated', 'public.apply_bps(bigint, integer)', 'execute') as authenticated`;
  expect(row).toEqual({ anon: false, authenticated: false });
});
