import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SESSION_EVENT_LABELS, SESSION_EVENT_TYPES } from "./session-events";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe("session event names", () => {
  it("every event type the code writes into session_events (set-based SQL included) has a label", () => {
    // Set-based jobs name their types in SQL ('session.charged'); single events go through recordSessionEvent (typed).
    const written = new Set<string>();
    for (const file of [...sourceFiles(path.join(ROOT, "lib")), ...sourceFiles(path.join(ROOT, "supabase/local"))]) {
      const text = readFileSync(file, "utf8");
      if (!text.includes("session_events")) continue;
      for (const match of text.matchAll(/'((?:session|payout|zoom|google_meet)\.[a-z_.]+)'/g)) written.add(match[1]!);
    }
    expect(written.size).toBeGreaterThan(3);
    for (const type of written) expect(SESSION_EVENT_TYPES, `${type} has no label`).toContain(type);
  });

  it("labels are sentences, one per type", () => {
    for (const label of Object.values(SESSION_EVENT_LABELS)) expect(label).toMatch(/^[A-Z].*[^.]$/);
    expect(new Set(Object.values(SESSION_EVENT_LABELS)).size).toBe(SESSION_EVENT_TYPES.length);
  });
});
