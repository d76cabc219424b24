import type { Sql } from "postgres";
import type { TExpectation } from "./expectations.ts";
import { TABLE_OPERATIONS, type TOperation, type TTable } from "./operations.ts";
import { authenticateAs, type TPersona } from "./personas.ts";
import { INSUFFICIENT_PRIVILEGE, isPostgresError, withFixtures } from "./transaction.ts";

/** What actually happened, in the expectation's own vocabulary. */
export type TOutcome = { result: "allow" | "deny" | string[]; detail: string };

/**
 * Runs one grid cell: fixtures as owner, then the persona, then the
 * operation. Only insufficient_privilege counts as a denial: any other error
 * (a constraint, a typo) means the case itself is wrong, and is rethrown.
 */
export async function runCase(sql: Sql, table: TTable, persona: TPersona, operation: TOperation): Promise<TOutcome> {
  const ops = TABLE_OPERATIONS[table];
  return withFixtures(sql, async (tx) => {
    await authenticateAs(tx, persona);
    try {
      if (operation === "select") {
        const rows = await ops.select(tx);
        const seen = rows.map((r) => ops.labels[r.k]).filter((label): label is string => label !== undefined);
        return { result: seen.length === 0 ? "deny" : seen.sort(), detail: `saw ${seen.length} fixture rows` };
      }
      const { count } = await ops[operation].run(tx);
      return { result: count > 0 ? "allow" : "deny", detail: `${count} rows affected` };
    } catch (error) {
      if (isPostgresError(error, INSUFFICIENT_PRIVILEGE)) return { result: "deny", detail: error.message };
      throw error;
    }
  });
}

export function normalise(expected: TExpectation): "allow" | "deny" | string[] {
  if (typeof expected === "string") return expected;
  return expected.length === 0 ? "deny" : [...expected].sort();
}

export function describeExpectation(expected: TExpectation): string {
  if (typeof expected === "string") return expected;
  return `sees ${expected.join(", ")}`;
}
