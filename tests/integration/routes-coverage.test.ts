import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A rule of the house: every route handler is exercised, rejection paths included, by an integration test that
 * imports it. A new route without one fails here, naming it.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

describe("route coverage", () => {
  it("every app/api route.ts is imported by an integration test", () => {
    const routes = filesUnder("app/api", (name) => name === "route.ts");
    const tests = filesUnder("tests/integration", (name) => name.endsWith(".test.ts")).map((file) =>
      readFileSync(path.join(ROOT, file), "utf8"),
    );
    expect(routes.length).toBeGreaterThan(20);
    const untested = routes.filter((route) => {
      const specifier = `"@/${route.replace(/\.ts$/, "")}"`;
      return !tests.some((source) => source.includes(specifier));
    });
    expect(untested).toEqual([]);
  });
});
