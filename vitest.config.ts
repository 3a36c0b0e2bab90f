import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Files that run on their own, after the others, one at a time: their
 * assertions bound latency or memory under load they make themselves (the
 * edge floods' p90, the RSS of 50 abandoned 4 MiB calls) or timing on a shared
 * database (PostgreSQL-only suites, which skip at once on PGlite), so other
 * files running beside them would make them fail for reasons that are not
 * theirs.
 */
const ALONE = [
  "test/edge.test.ts",
  "test/secrets-in-logs.test.ts",
  "test/auth-before-body.test.ts",
  "test/big-stream.test.ts",
  "test/deadlines.test.ts",
  "test/faults.test.ts",
  "test/first-start.test.ts",
  "test/replicas.test.ts",
  "test/standby.test.ts",
  "test/promotion.test.ts",
];

/**
 * Every other file runs beside others, each in a process of its own with a
 * database of its own (isolation as before). Vitest's default, one worker
 * fewer than the cores, is a single worker on a 2-core machine, and these
 * files spend much of their time waiting for the server processes and
 * sockets they start, so one worker more than the cores keeps both cores busy.
 */
const MAX_WORKERS = availableParallelism() + 1;

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    env: { LATCHKEY_LOG_LEVEL: "warn" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "parallel",
          include: ["test/**/*.test.ts"],
          exclude: ALONE,
          maxWorkers: MAX_WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: "alone", include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
