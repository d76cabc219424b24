import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCAL_CRON_SECRET } from "@/lib/env/local-values";
import { validateEnvAtStart } from "@/lib/env/validate-env-at-start";
import { localEnv } from "@/supabase/local/config";

const EXITED = new Error("process.exit");

function stubEnv(env: Record<string, string>): void {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("validateEnvAtStart", () => {
  it("exits under next start when a published local secret is configured outside the local stack", () => {
    const { LOCAL_STACK: _marker, ...published } = localEnv({ app: 3000, auth: 54321, postgres: 54322 });
    stubEnv({ ...published, NODE_ENV: "production" });
    vi.stubEnv("LOCAL_STACK", undefined);
    const exit = vi.spyOn(process, "exit").mockImplementation(() => {
      throw EXITED;
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});

    expect(() => validateEnvAtStart()).toThrow(EXITED);
    expect(exit).toHaveBeenCalledWith(1);
    expect(logged.mock.calls[0]?.[0]).toContain("CRON_SECRET: is the local development value");
  });

  it("throws (for Next's error display) instead of exiting during development", () => {
    stubEnv({ NODE_ENV: "development", CRON_SECRET: LOCAL_CRON_SECRET, DATABASE_URL: "" });
    const exit = vi.spyOn(process, "exit").mockImplementation(() => {
      throw EXITED;
    });
    expect(() => validateEnvAtStart()).toThrow(/DATABASE_URL/);
    expect(exit).not.toHaveBeenCalled();
  });

  it("starts the local stack's own next start", () => {
    stubEnv({ ...localEnv({ app: 3000, auth: 54321, postgres: 54322 }), NODE_ENV: "production" });
    expect(() => validateEnvAtStart()).not.toThrow();
  });
});
