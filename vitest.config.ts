import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: { LATCHKEY_LOG_LEVEL: "warn" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
