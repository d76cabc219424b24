import postgres, { type Sql } from "postgres";

/** An owner connection to the run's throwaway database (same settings as lib/db). */
export function testDb(max = 4): Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: integration tests run through tests/support/global-setup.ts");
  return postgres(url, { max, prepare: false, onnotice: () => {}, transform: { undefined: null } });
}
