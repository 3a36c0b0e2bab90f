import { Code } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startTestEnv, type TestEnv } from "./harness.js";

let env: TestEnv;
let batchQueries = 0;
beforeAll(async () => {
  env = await startTestEnv();
  // Count the keyset batch queries the server runs, to see when it stops.
  const fork = env.database.fork.bind(env.database);
  env.database.fork = () => {
    const db = fork();
    const execute = db.execute.bind(db);
    db.execute = ((query: string, ...rest: unknown[]) => {
      if (typeof query === "string" && query.includes("order by")) batchQueries++;
      return (execute as (...args: unknown[]) => unknown)(query, ...rest);
    }) as typeof db.execute;
    return db;
  };
});
afterAll(() => env.close());

describe("ListMachines cancellation", () => {
  it("stops querying the database once the client cancels", async () => {
    const instance = await env.newInstance();
    await env.database.fork().execute(
      `insert into machine (id, instance_id, name, default_token_ttl_seconds, create_time, update_time)
       select 'mch_' || lpad(n::text, 27, '0'), ?, 'bulk-' || n, 3600, now(), now() from generate_series(1, 2000) n`,
      [instance.instanceId],
    );
    const abort = new AbortController();
    batchQueries = 0;
    const error = await failure(
      (async () => {
        for await (const _ of instance.machines.listMachines({}, { signal: abort.signal })) abort.abort();
      })(),
    );
    expect(error.code).toBe(Code.Canceled);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 20 batches were available; the server read the first and at most one more.
    expect(batchQueries).toBeGreaterThanOrEqual(1);
    expect(batchQueries).toBeLessThanOrEqual(2);
  });
});
