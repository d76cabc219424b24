import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { E2E_APP_URL } from "./tests/e2e/support/e2e-config.ts";

/** Playwright's own Chromium where installed, else the system one (lib/README.md, Tests). */
function chromiumExecutable(): string | undefined {
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return undefined;
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1, // a 2-core machine also running Postgres and Next
  retries: 0,
  reporter: "list",
  forbidOnly: Boolean(process.env.CI),
  timeout: 90_000, // generous: the 2-core machine also runs Postgres, Next and Chromium
  expect: { timeout: 15_000 },
  use: {
    baseURL: E2E_APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumExecutable(),
          // No test may need the internet: keep Chromium from phoning home.
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // The Google/Zoom fakes, then tests/e2e/serve.ts: a throwaway stack, `next build` with its
    // env and `next start` on :3100 (see both files). Everything stops on SIGTERM.
    command: "node --import tsx tests/fakes/serve-with-fakes.ts",
    url: `${E2E_APP_URL}/login`,
    // Stack + `next build` take ~1 min on an idle 2-core machine, several when it is busy.
    timeout: 600_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "ignore",
    stderr: "pipe",
  },
});
