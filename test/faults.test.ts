import { randomBytes } from "node:crypto";
import net from "node:net";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { LISTEN_HEARTBEAT_MS, LISTEN_HEARTBEAT_TIMEOUT_MS } from "../src/db/orm.js";
import { bearer, drain, openTestDatabase } from "./harness.js";
import { freePort, serveLatchkey, waitFor } from "./process.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

/**
 * databaseProxy is a TCP proxy in front of PostgreSQL that the test can cut
 * (as when the database stops: open connections reset, new ones refused) and
 * restore on the same port, or on which it can silence one connection.
 */
async function databaseProxy(target: URL) {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  const links: { client: net.Socket; upstream: net.Socket }[] = [];
  let server: net.Server | undefined;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        links.push({ client, upstream });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", resolve);
    });
  await open();
  return {
    url: `postgres://${target.username}@127.0.0.1:${port}${target.pathname}`,
    async cut() {
      // close() calls back only once every connection is gone, so destroy them first.
      const closed = new Promise((resolve) => server?.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    restore: open,
    /**
     * blackHole stops the proxied connection PostgreSQL sees coming from one of `ports`
     * without closing it: bytes go nowhere, nobody hears of an error.
     */
    blackHole(ports: number[]) {
      const link = links.find(({ upstream }) => ports.includes(upstream.localPort as number));
      if (link === undefined) throw new Error(`no proxied connection from ports ${ports.join(", ")}`);
      link.client.unpipe(link.upstream);
      link.upstream.unpipe(link.client);
      link.client.pause();
      link.upstream.pause();
    },
  };
}

type Outcome = { code: Code | "ok"; ms: number; name: string };

async function outcome(name: string, call: Promise<unknown>): Promise<Outcome> {
  const started = performance.now();
  try {
    await call;
    return { name, code: "ok", ms: performance.now() - started };
  } catch (error) {
    return { name, code: ConnectError.from(error).code, ms: performance.now() - started };
  }
}

// PostgreSQL only: it is about losing the connection to a database server.
const url = process.env.DATABASE_URL;
describeUnless(NEEDS_POSTGRESQL)("PostgreSQL lost mid-traffic", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** serverBehindProxy starts a server process whose database connections all go through a proxy of their own. */
  async function serverBehindProxy(instanceName: string) {
    const proxy = await databaseProxy(new URL(url as string));
    const database = await openTestDatabase();
    cleanups.push(() => database.close());
    const instance = await new InstanceRepository(database.fork()).createInstance(instanceName);
    const { server, port } = await serveLatchkey({
      DATABASE_URL: proxy.url,
      LATCHKEY_KEK: randomBytes(32).toString("base64"),
    });
    cleanups.push(async () => {
      server.child.kill("SIGTERM");
      await server.exit;
    });
    const machines = createClient(
      MachineService,
      createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(instance.secret)] }),
    );
    return { proxy, database, instance, server, machines };
  }

  it("fails calls fast with Unavailable, stays up, writes nothing half, and serves again when it returns", async () => {
    const { proxy, database, instance, server, machines } = await serverBehindProxy("faults");
    const target = (await machines.createMachine({ name: "target" })).machine?.id ?? "";

    // Four clients create machines that may call `target` (a machine row, a
    // key row and a scope row in one transaction) until told to stop.
    type Phase = "before" | "cut" | "restored";
    let phase = "before" as Phase;
    let stop = false;
    const outcomes: (Outcome & { phase: Phase })[] = [];
    const created = new Set<string>();
    const traffic = [0, 1, 2, 3].map(async (client) => {
      for (let i = 0; !stop; i++) {
        const at = phase;
        const name = `m-${client}-${i}`;
        const result = await outcome(name, machines.createMachine({ name, scopedMachineIds: [target] }));
        outcomes.push({ ...result, phase: at });
        if (result.code === "ok") created.add(name);
        if (result.code !== "ok") await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    await waitFor(() => (outcomes.length >= 20 ? true : undefined), "traffic before the cut");

    await proxy.cut();
    phase = "cut";
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = [
      await outcome("GetMachine", machines.getMachine({ id: target })),
      await outcome("ListMachines", drain(machines.listMachines({}))),
      await outcome(
        "RotateMachineSecretKey",
        machines.rotateMachineSecretKey({ id: target, previousKeyTtlSeconds: 60n }),
      ),
    ];
    const internal = () =>
      server
        .stdout()
        .split("\n")
        .filter((line) => line.includes('"code":"Internal"'));
    expect(internal()).toEqual([]);
    const failedDuringCut: Outcome[] = [...outcomes.filter((o) => o.phase === "cut"), ...during];
    expect(failedDuringCut.length).toBeGreaterThan(3);
    for (const call of failedDuringCut) {
      expect(call, "every call while PostgreSQL is gone fails fast with Unavailable").toMatchObject({
        code: Code.Unavailable,
      });
      expect(call.ms).toBeLessThan(1_000);
    }
    expect(server.child.exitCode).toBeNull();

    await proxy.restore();
    phase = "restored";
    await waitFor(
      () => (outcomes.filter((o) => o.phase === "restored" && o.code === "ok").length >= 10 ? true : undefined),
      "calls to succeed again after PostgreSQL returned",
      20_000,
    );
    stop = true;
    await Promise.all(traffic);
    expect(await outcome("GetMachine", machines.getMachine({ id: target }))).toMatchObject({ code: "ok" });
    expect(internal()).toEqual([]);
    for (const call of outcomes) expect([Code.Unavailable, "ok"]).toContain(call.code);
    expect(outcomes.filter((o) => o.phase === "restored").at(-1)?.code).toBe("ok");

    // Nothing half-written: every machine that exists has its key and its
    // scope, and every creation the client saw succeed is there.
    const rows = await database
      .fork()
      .getConnection()
      .execute<{ name: string; keys: number; scopes: number }[]>(
        `select m.name,
                (select count(*) from machine_secret_key k where k.machine_id = m.id)::int as keys,
                (select count(*) from machine_scope s where s.from_machine_id = m.id)::int as scopes
           from machine m where m.instance_id = ? and m.name <> 'target'`,
        [instance.instanceId],
      );
    for (const row of rows) expect(row, row.name).toMatchObject({ keys: 1, scopes: 1 });
    const names = new Set(rows.map((row) => row.name));
    for (const name of created) expect(names.has(name), name).toBe(true);
    // A creation whose commit acknowledgement was lost may exist although the
    // client saw Unavailable; nothing else may.
    expect(names.size - created.size).toBeLessThanOrEqual(4);
  }, 60_000);

  it("notices a LISTEN connection that went silent and stops trusting its cache within the heartbeat", async () => {
    const { proxy, database, instance, server, machines } = await serverBehindProxy("silent-listen");
    await drain(machines.listMachines({}));
    await drain(machines.listMachines({})); // the instance key is cached now

    // Silence the server's LISTEN connection, then revoke the key the way the
    // server does (with its NOTIFY), which that connection never delivers.
    const db = database.fork().getConnection();
    const listeners = await db.execute<{ port: number }[]>(
      "select client_port as port from pg_stat_activity where application_name like 'latchkey listen %'",
    );
    proxy.blackHole(listeners.map(({ port }) => port));
    const silenced = performance.now();
    await new InstanceRepository(database.fork()).revokeKey(instance.keyId);

    const refused = await waitFor(
      async () => {
        const result = await outcome("ListMachines", drain(machines.listMachines({})));
        return result.code === Code.Unauthenticated ? result : undefined;
      },
      "the revoked key to be refused",
      LISTEN_HEARTBEAT_MS + LISTEN_HEARTBEAT_TIMEOUT_MS + 3_000,
    );
    expect(refused.code).toBe(Code.Unauthenticated);
    expect(performance.now() - silenced).toBeLessThan(LISTEN_HEARTBEAT_MS + LISTEN_HEARTBEAT_TIMEOUT_MS + 3_000);
    expect(server.stdout()).toContain("credential cache off");
  }, 60_000);
});
