import { randomBytes } from "node:crypto";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { bearer, failure } from "./harness.js";
import { type LatchkeyProcess, runLatchkey, serveLatchkey } from "./process.js";
import { describeUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

// First start and the operator commands on PostgreSQL, with real processes.
// The first-start test needs a database nobody else uses: it makes its own,
// named after DATABASE_URL's with `_first_start` appended, and drops it after.
// PostgreSQL only: the embedded first start is in test/cli.test.ts.

const postgresOnly = describeUnless(NEEDS_POSTGRESQL);

const KEY = /sk_[0-9A-Za-z]{43}/g;
const started: LatchkeyProcess[] = [];

function machines(port: number, key: string) {
  return createClient(
    MachineService,
    createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(key)] }),
  );
}

async function stopAll(): Promise<void> {
  for (const server of started.splice(0)) server.child.kill("SIGTERM");
}

postgresOnly("first start on PostgreSQL", () => {
  const kek = randomBytes(32).toString("base64");
  let name: string;
  let emptyUrl: string;
  let admin: pg.Client;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL as string);
    name = `${url.pathname.slice(1)}_first_start`;
    emptyUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
    admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  });

  afterAll(async () => {
    await stopAll();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await admin.end();
  });

  it("creates the default instance once when three replicas start together, and prints its key once", async () => {
    const replicas = await Promise.all(
      ["A", "B", "C"].map((replica) =>
        serveLatchkey({ DATABASE_URL: emptyUrl, LATCHKEY_KEK: kek }, `replica ${replica} to listen`),
      ),
    );
    started.push(...replicas.map(({ server }) => server));
    const printed = replicas.flatMap(({ server }) => server.stderr().match(KEY) ?? []);
    expect(printed).toHaveLength(1);
    for (const { server } of replicas) expect(server.stdout()).not.toContain(printed[0]);

    const database = new pg.Client({ connectionString: emptyUrl });
    await database.connect();
    try {
      const { rows } = await database.query(
        "select (select count(*)::int from instance) as instances, (select count(*)::int from instance_key) as keys",
      );
      expect(rows[0]).toEqual({ instances: 1, keys: 1 });
    } finally {
      await database.end();
    }
    for (const { port } of replicas) {
      const error = await failure(machines(port, printed[0] as string).getMachine({ id: `mch_${"0".repeat(27)}` }));
      expect(error.code).toBe(Code.NotFound);
    }
  });

  it("lets the operator commands write beside running servers: new keys work at once, revoked ones stop on the next call", async () => {
    const [first] = started;
    const port = Number(/"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(first?.stdout() ?? "")?.[1]);
    const env = { DATABASE_URL: emptyUrl, LATCHKEY_KEK: kek };
    const created = runLatchkey(["instance", "create", "--name", "acme"], env);
    expect(await created.exit).toBe(0);
    const key = created.stdout().match(KEY)?.[0] as string;
    const keyId = /key (key_\w+)/.exec(created.stdout())?.[1] as string;
    const machine = await machines(port, key).createMachine({ name: "made-beside-the-server" });
    // Now cached by the server: only the revocation's NOTIFY can make it refuse the key.
    await machines(port, key).getMachine({ id: machine.machine?.id as string });

    const revoked = runLatchkey(["key", "revoke", keyId], env);
    expect(await revoked.exit).toBe(0);
    const error = await failure(machines(port, key).getMachine({ id: machine.machine?.id as string }));
    expect(error.code).toBe(Code.Unauthenticated);
  });

  it("creates no second instance on later starts", async () => {
    await stopAll();
    const { server } = await serveLatchkey({ DATABASE_URL: emptyUrl, LATCHKEY_KEK: kek });
    started.push(server);
    expect(server.stderr()).not.toMatch(KEY);
  });
});
