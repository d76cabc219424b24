import { inject } from "vitest";

// Each test file sees the throwaway stack's environment, as the app would.
Object.assign(process.env, inject("stackEnv"));
