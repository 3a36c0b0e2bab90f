import { describe, it } from "vitest";

/**
 * NEEDS_POSTGRESQL is why a PostgreSQL-only suite is skipped on the embedded
 * database (and how to run it), or undefined when DATABASE_URL is set.
 */
export const NEEDS_POSTGRESQL =
  process.env.DATABASE_URL === undefined
    ? "needs PostgreSQL: run with DATABASE_URL=postgres://… (a database the tests may empty)"
    : undefined;

/**
 * EMBEDDED_ONLY is why a suite that does not depend on the database is left to
 * the embedded pass, or undefined on the embedded database.
 */
export const EMBEDDED_ONLY =
  process.env.DATABASE_URL !== undefined
    ? "runs on the embedded database only (unset DATABASE_URL): it does not depend on the database"
    : undefined;

type Body = () => void | Promise<void>;

/**
 * describeUnless is vitest's `describe` when `skipReason` is undefined. Given a
 * reason, it prints it and skips the suite with the reason in its name, so a
 * skip is never silent: the reason shows in the run's output and its reports.
 */
export function describeUnless(skipReason: string | undefined): (name: string, body: Body, timeout?: number) => void {
  return (name, body, timeout) => {
    if (skipReason === undefined) return describe(name, body, timeout);
    console.warn(`skipped "${name}": ${skipReason}`);
    describe.skip(`${name} [skipped: ${skipReason}]`, body, timeout);
  };
}

/** itUnless is describeUnless for a single test. */
export function itUnless(skipReason: string | undefined): (name: string, body: Body, timeout?: number) => void {
  return (name, body, timeout) => {
    if (skipReason === undefined) return it(name, body, timeout);
    console.warn(`skipped "${name}": ${skipReason}`);
    it.skip(`${name} [skipped: ${skipReason}]`, body, timeout);
  };
}
