/**
 * `npm test`: static checks (typecheck, lint, format), unit, integration (real Postgres) and
 * end-to-end (Chromium against `next start`), one after the other. Prints one summary line per suite and a
 * closing "N passed, N failed"; exits non-zero on any failure.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type TSuiteResult = { name: string; passed: number; failed: number; skipped: number; exitCode: number; seconds: number };

const ROOT = path.resolve(import.meta.dirname, "..");
const BIN = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const reportDir = mkdtempSync(path.join(tmpdir(), "tutoring-test-"));
const only = process.argv.slice(2);

function run(name: string, command: string, args: string[], env: Record<string, string> = {}): number {
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  return result.status ?? 1;
}

/** Each check is one "test": it passes when its tool exits 0 (lint warnings don't fail it, errors do). */
function staticSuite(): TSuiteResult {
  const started = Date.now();
  const checks: Array<[string, string, string[]]> = [
    ["typecheck", BIN("tsc"), ["--noEmit"]],
    ["lint", BIN("eslint"), ["."]],
    ["format", BIN("prettier"), ["--check", "."]],
  ];
  const failedChecks = checks.filter(([name, command, args]) => run(`static: ${name}`, command, args) !== 0).map(([name]) => name);
  if (failedChecks.length) process.stdout.write(`static: failed ${failedChecks.join(", ")} (npm run typecheck / lint / format:check)\n`);
  return {
    name: "static",
    passed: checks.length - failedChecks.length,
    failed: failedChecks.length,
    skipped: 0,
    exitCode: failedChecks.length ? 1 : 0,
    seconds: (Date.now() - started) / 1000,
  };
}

function vitestSuite(project: "unit" | "integration"): TSuiteResult {
  const output = path.join(reportDir, `${project}.json`);
  const started = Date.now();
  const exitCode = run(project, BIN("vitest"), [
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${output}`,
  ]);
  const report = existsSync(output)
    ? (JSON.parse(readFileSync(output, "utf8")) as {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
      })
    : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
  return {
    name: project,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    exitCode,
    seconds: (Date.now() - started) / 1000,
  };
}

type TPlaywrightStats = { expected: number; unexpected: number; flaky: number; skipped: number };

function e2eSuite(): TSuiteResult {
  const output = path.join(reportDir, "e2e.json");
  const started = Date.now();
  const exitCode = run("e2e", BIN("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: output });
  const stats: TPlaywrightStats = existsSync(output)
    ? (JSON.parse(readFileSync(output, "utf8")) as { stats: TPlaywrightStats }).stats
    : { expected: 0, unexpected: 0, flaky: 0, skipped: 0 };
  return {
    name: "e2e",
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
    exitCode,
    seconds: (Date.now() - started) / 1000,
  };
}

const suites: Array<() => TSuiteResult> = [staticSuite, () => vitestSuite("unit"), () => vitestSuite("integration"), e2eSuite];
const names = ["static", "unit", "integration", "e2e"];
const results: TSuiteResult[] = [];
for (const [index, suite] of suites.entries()) {
  if (only.length && !only.includes(names[index]!)) continue;
  results.push(suite());
}

process.stdout.write("\n=== summary ===\n");
for (const r of results) {
  // A suite that ran nothing or exited non-zero is a failure even if no test said so.
  const status = r.exitCode === 0 && r.failed === 0 && r.passed > 0 ? "ok" : "FAILED";
  process.stdout.write(`${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds.toFixed(1)} s) ${status}\n`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
const isGreen = results.every((r) => r.exitCode === 0 && r.failed === 0 && r.passed > 0);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(isGreen ? 0 : 1);
