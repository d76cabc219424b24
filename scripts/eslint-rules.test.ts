import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The house rules of eslint.config.mjs, checked on snippets so a config change can't drop them silently.
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "..") });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? "fatal");
}

const internalImport = 'import { calculateSessionRules } from "@/lib/sessions/rules";\nexport const x = calculateSessionRules;\n';

describe("eslint.config.mjs", () => {
  it("forbids importing the sessions service's internals from outside lib/sessions", async () => {
    expect(await ruleIds(internalImport, "lib/bookings/example.ts")).toContain("no-restricted-imports");
    expect(await ruleIds(internalImport, "app/tutor/example/page.tsx")).toContain("no-restricted-imports");
    expect(
      await ruleIds(internalImport.replace("@/lib/sessions/rules", "../sessions/../../lib/sessions/rules"), "components/x/a.ts"),
    ).toContain("no-restricted-imports");
  });

  it("allows the public surface, the client-safe module, and internals within lib/sessions", async () => {
    expect(await ruleIds('export { getSessionDetail } from "@/lib/sessions";\n', "app/example.ts")).toEqual([]);
    expect(await ruleIds('export { displayStatus } from "@/lib/sessions/shared";\n', "components/x/a.tsx")).toEqual([]);
    expect(await ruleIds(internalImport, "lib/sessions/example.ts")).toEqual([]);
  });

  it("forbids console outside lib/log.ts and the tooling", async () => {
    const code = 'console.log("hi");\n';
    expect(await ruleIds(code, "lib/bookings/example.ts")).toContain("no-console");
    expect(await ruleIds(code, "app/example.tsx")).toContain("no-console");
    for (const file of ["lib/log.ts", "scripts/example.ts", "supabase/local/example.ts", "tests/support/example.ts"]) {
      expect(await ruleIds(code, file)).toEqual([]);
    }
  });
});
