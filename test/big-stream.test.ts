import { randomBytes } from "node:crypto";
import http2 from "node:http2";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { PostgreSqlConnection } from "@mikro-orm/postgresql";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { bearer, failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";
import { serveLatchkey, waitFor } from "./process.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

const MACHINES = 1_000_000;

/** One length-prefixed gRPC message: an empty ListMachinesRequest. */
const EMPTY_GRPC_MESSAGE = Buffer.from([0, 0, 0, 0, 0]);

// PostgreSQL only: a million machines, a connection pool, a second process.
const url = process.env.DATABASE_URL;
describeUnless(NEEDS_POSTGRESQL)(`a ${MACHINES.toLocaleString("en")}-machine ListMachines stream`, () => {
  let env: TestEnv;
  let instance: TestInstance;
  let pool: pg.Pool;
  beforeAll(async () => {
    env = await startTestEnv("gRPC on a real port");
    instance = await env.newInstance();
    // On a connection of its own: the seed takes longer than the server's query timeout.
    const seeder = new pg.Client({ connectionString: url });
    await seeder.connect();
    try {
      await seeder.query(
        `insert into machine (id, instance_id, name, default_token_ttl_seconds, create_time, update_time)
         select 'mch_big' || lpad(n::text, 24, '0'), $1, 'machine-' || n, 3600, now(), now()
         from generate_series(1, $2::int) as n`,
        [instance.instanceId, MACHINES],
      );
      await seeder.query("analyze machine");
    } finally {
      await seeder.end();
    }
    pool = (await (env.database.orm.em.getConnection() as PostgreSqlConnection).getNativeClient()) as pg.Pool;
  }, 120_000);
  afterAll(async () => {
    const cleaner = new pg.Client({ connectionString: url });
    await cleaner.connect();
    await cleaner.query("delete from machine where instance_id = $1", [instance.instanceId]);
    await cleaner.end();
    await env.close();
  }, 60_000);

  /** poolIsIdle: every connection the server holds is back in its pool and none is in a transaction. */
  async function poolIsIdle(): Promise<boolean> {
    const busy = await env.database
      .fork()
      .getConnection()
      .execute<{ count: number }[]>(
        `select count(*)::int as count from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
           and query like '%machine%' and query not like '%pg_stat_activity%'`,
      );
    return pool.waitingCount === 0 && pool.idleCount === pool.totalCount && busy[0]?.count === 0;
  }

  it("past its deadline ends with DeadlineExceeded, never with OK after part of the list", async () => {
    let received = 0;
    const error = await failure(
      (async () => {
        for await (const batch of instance.machines.listMachines({}, { timeoutMs: 1_000 })) {
          received += batch.machines.length;
        }
      })(),
    );
    expect(error.code).toBe(Code.DeadlineExceeded);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(MACHINES);
    await waitFor(async () => ((await poolIsIdle()) ? true : undefined), "the pool to be idle", 5_000);
  });

  it("clients that cancel or vanish mid-stream leave every database connection idle", async () => {
    // Ten clients cancel after their first batch; ten connections are cut
    // without a word (as when a client process dies) after theirs.
    const cancelling = Array.from({ length: 10 }, async () => {
      const abort = new AbortController();
      const error = await failure(
        (async () => {
          for await (const _ of instance.machines.listMachines({}, { signal: abort.signal })) abort.abort();
        })(),
      );
      expect(error.code).toBe(Code.Canceled);
    });
    const vanishing = Array.from({ length: 10 }, async () => {
      const session = http2.connect(env.url as string);
      const stream = session.request({
        ":method": "POST",
        ":path": "/latchkey.machine.v1.MachineService/ListMachines",
        "content-type": "application/grpc",
        te: "trailers",
        authorization: `Bearer ${instance.secret}`,
      });
      stream.on("error", () => undefined);
      session.on("error", () => undefined);
      stream.end(EMPTY_GRPC_MESSAGE);
      await new Promise((resolve) => stream.once("data", resolve));
      session.socket.destroy();
    });
    await Promise.all([...cancelling, ...vanishing]);
    expect(pool.totalCount).toBeGreaterThan(0);
    await waitFor(async () => ((await poolIsIdle()) ? true : undefined), "the pool to be idle", 5_000);
    // And the server still answers.
    expect((await instance.machines.listMachines({ limit: 1n })[Symbol.asyncIterator]().next()).done).toBe(false);
  });

  it("SIGTERM mid-stream: the stream ends with Unavailable at the drain timeout, new calls are refused, the process exits in time", async () => {
    const drainMs = 2_000;
    const { server, port } = await serveLatchkey({
      DATABASE_URL: url as string,
      LATCHKEY_KEK: randomBytes(32).toString("base64"),
      LATCHKEY_SHUTDOWN_TIMEOUT_MS: String(drainMs),
    });
    try {
      const machines = createClient(
        MachineService,
        createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(instance.secret)] }),
      );
      let received = 0;
      let signalled = 0;
      const stream = failure(
        (async () => {
          for await (const batch of machines.listMachines({})) {
            received += batch.machines.length;
            if (signalled === 0) {
              signalled = performance.now();
              server.child.kill("SIGTERM");
            }
          }
        })(),
      );
      const ended = await stream;
      const exitCode = await server.exit;
      const exitedAfter = performance.now() - signalled;

      expect(ended.code, ended.message).toBe(Code.Unavailable);
      expect(ended.message).toContain("shutting down");
      expect(received).toBeGreaterThan(100);
      expect(received).toBeLessThan(MACHINES);
      expect(exitCode).toBe(0);
      expect(exitedAfter).toBeGreaterThanOrEqual(drainMs);
      expect(exitedAfter).toBeLessThan(drainMs + 3_000);
      const late = await failure(machines.getMachine({ id: "mch_big000000000000000000000001" }));
      expect(late.code).toBe(Code.Unavailable);
      expect(server.stdout()).toContain('"msg":"draining"');
      expect(server.stdout()).not.toContain('"code":"Internal"');
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  }, 60_000);
});
