// ESLint flat config: Next's recommended rules (core web vitals + typescript-eslint's recommended,
// no type-aware rules) plus the house rules that a reviewer would otherwise have to catch.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "node_modules/**", "next-env.d.ts", "playwright-report/**", "test-results/**"]),
  {
    rules: {
      // Logging goes through lib/log.ts (structured, one place to redirect).
      "no-console": "error",
      // A `_` prefix marks a parameter or binding kept for its position or to leave it out of a rest.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // A `let` read by a closure before its one assignment (dev.ts's stop handler) can't be a const.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ["lib/log.ts", "scripts/**", "supabase/local/**", "tests/**"],
    rules: { "no-console": "off" },
  },
  {
    // The sessions service is used through its public surface (lib/sessions/index.ts) and the
    // client-safe lib/sessions/shared.ts; its internals stay free to change.
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/sessions/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/lib/sessions/*",
                "!@/lib/sessions/shared",
                "**/lib/sessions/*",
                "!**/lib/sessions/shared",
                "!**/lib/sessions/shared.ts",
              ],
              message:
                "Import the sessions service from @/lib/sessions (server) or @/lib/sessions/shared (client-safe), not its internals.",
            },
          ],
        },
      ],
    },
  },
]);
