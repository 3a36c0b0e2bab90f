import { Code, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { bearer, failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

// PostgreSQL only: the test holds a row lock on a connection of its own to
// make a call slower than its deadline, which one embedded connection cannot.
const url = process.env.DATABASE_URL;
describeUnless(NEEDS_POSTGRESQL)("deadlines (grpc-timeout, connect-timeout-ms)", () => {
  let env: TestEnv;
  let instance: TestInstance;
  beforeAll(async () => {
    env = await startTestEnv("gRPC on a real port");
    instance = await env.newInstance();
  });
  afterAll(() => env.close());

  const protocols: Record<string, (baseUrl: string, key: string) => Transport> = {
    gRPC: (baseUrl, key) => createGrpcTransport({ baseUrl, interceptors: [bearer(key)] }),
    "gRPC-Web": (baseUrl, key) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearer(key)] }),
    Connect: (baseUrl, key) => createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearer(key)] }),
  };

  for (const [protocol, transport] of Object.entries(protocols)) {
    it(`${protocol}: a call still waiting at its deadline ends with DeadlineExceeded then, and its change never lands`, async () => {
      const machines = createClient(MachineService, transport(env.url as string, instance.secret));
      const { machine } = await machines.createMachine({ name: "before" });
      const id = machine?.id as string;

      // Another session locks the machine's row, so the rename has to wait.
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      try {
        await locker.query("begin");
        await locker.query("select id from machine where id = $1 for update", [id]);
        const started = performance.now();
        const late = await failure(machines.updateMachine({ id, name: "after" }, { timeoutMs: 300 }));
        const elapsed = performance.now() - started;
        expect(late.code).toBe(Code.DeadlineExceeded);
        expect(elapsed).toBeGreaterThanOrEqual(290);
        expect(elapsed).toBeLessThan(1_300);
        // Hold the lock past the deadline, then let the waiting statement run.
        await new Promise((resolve) => setTimeout(resolve, 300));
      } finally {
        await locker.query("commit");
        await locker.end();
      }

      // The rename's transaction got its lock after the deadline: it must
      // have rolled back, not renamed the machine behind the client's back.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await machines.getMachine({ id })).machine?.name).toBe("before");
      // And the server is not stuck: the same call with time to spare works.
      expect((await machines.updateMachine({ id, name: "after" }, { timeoutMs: 5_000 })).machine?.name).toBe("after");
    });
  }
});
