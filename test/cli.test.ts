import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer, failure } from "./harness.js";
import { emptyDataDir, removeTempDirs, runLatchkey, serveLatchkey, tempDataDir, waitFor } from "./process.js";
import { describeUnless, EMBEDDED_ONLY } from "./skip-reason.js";

afterAll(removeTempDirs);

/** Tests that start several processes one after another get longer than vitest's default on a loaded machine. */
const SEVERAL_PROCESSES_TIMEOUT_MS = 180_000;

const KEY = /sk_[0-9A-Za-z]{43}/;

function client(port: number, key: string) {
  return createClient(
    MachineService,
    createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(key)] }),
  );
}

function tokens(port: number, key: string) {
  return createClient(
    TokenService,
    createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors: [bearer(key)] }),
  );
}

function startServer(dataDir: string, env: Record<string, string> = {}) {
  return serveLatchkey({ LATCHKEY_DATA_DIR: dataDir, ...env });
}

// These tests start real server processes on the embedded database: the
// process-level behaviour does not depend on which database is behind it, so
// the PostgreSQL pass of the suite does not repeat them.
const embeddedOnly = describeUnless(EMBEDDED_ONLY);

embeddedOnly("latchkey serve (embedded)", () => {
  // The other tests start on a copy of a migrated database (tempDataDir); this one starts from nothing.
  it(
    "creates a default instance on first start from an empty directory, prints its key once, and keeps data across restarts",
    async () => {
      const dataDir = emptyDataDir();
      const first = await startServer(dataDir);
      const key = KEY.exec(first.server.stderr())?.[0] as string;
      expect(key).toBeDefined();
      expect(first.server.stdout()).not.toContain(key);
      const created = await client(first.port, key).createMachine({ name: "survivor" });
      first.server.child.kill("SIGTERM");
      expect(await first.server.exit).toBe(0);
      expect(first.server.stdout()).toContain('"msg":"stopped"');
      const callLines = first.server
        .stdout()
        .split("\n")
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line));
      expect(callLines).toEqual([
        expect.objectContaining({
          method: "POST",
          route: "POST /latchkey.machine.v1.MachineService/CreateMachine",
          status: 200,
          code: "ok",
          duration_ms: expect.any(Number),
        }),
      ]);
      expect(first.server.stdout()).not.toContain(created.secretKey);

      const second = await startServer(dataDir);
      expect(second.server.stderr()).not.toMatch(KEY);
      const again = client(second.port, key);
      expect((await again.getMachine({ id: created.machine?.id as string })).machine?.name).toBe("survivor");
      expect((await again.getMachineSecretKey({ id: created.machine?.id as string })).secretKey).toBe(
        created.secretKey,
      );
      second.server.child.kill("SIGTERM");
      expect(await second.server.exit).toBe(0);
    },
    SEVERAL_PROCESSES_TIMEOUT_MS,
  );

  it("uses LATCHKEY_BOOTSTRAP_KEY for the first instance instead of printing one", async () => {
    const bootstrapKey = newSecret("sk");
    const { server, port } = await startServer(tempDataDir(), { LATCHKEY_BOOTSTRAP_KEY: bootstrapKey });
    expect(server.stderr()).not.toMatch(KEY);
    expect(server.stdout()).not.toContain(bootstrapKey);
    const error = await failure(client(port, bootstrapKey).getMachine({ id: `mch_${"0".repeat(27)}` }));
    expect(error.code).toBe(Code.NotFound);
    server.child.kill("SIGTERM");
    expect(await server.exit).toBe(0);
  });

  it("takes the bad-secret budget from LATCHKEY_AUTH_FAILURE_BUDGET", async () => {
    const { server, port } = await startServer(tempDataDir(), { LATCHKEY_AUTH_FAILURE_BUDGET: "2" });
    const guess = () => failure(client(port, newSecret("sk")).getMachine({ id: `mch_${"0".repeat(27)}` }));
    expect((await guess()).code).toBe(Code.Unauthenticated);
    expect((await guess()).code).toBe(Code.Unauthenticated);
    const blocked = await guess();
    expect(blocked.code).toBe(Code.ResourceExhausted);
    expect(Number(blocked.metadata.get("retry-after"))).toBeGreaterThan(0);
    server.child.kill("SIGTERM");
    expect(await server.exit).toBe(0);
  });

  it("lets an in-flight stream finish on SIGTERM, refuses new calls, and exits", async () => {
    const { server, port } = await startServer(tempDataDir());
    const key = KEY.exec(server.stderr())?.[0] as string;
    const machines = client(port, key);
    for (let i = 0; i < 250; i++) await machines.createMachine({ name: `m${i}` });

    let received = 0;
    const stream = (async () => {
      for await (const message of machines.listMachines({})) {
        if (received === 0) {
          server.child.kill("SIGTERM");
          await waitFor(() => (server.stdout().includes('"msg":"draining"') ? true : undefined), "draining");
        }
        received += message.machines.length;
      }
    })();
    await stream;
    expect(received).toBe(250);
    expect(await server.exit).toBe(0);
    const late = await failure(client(port, key).getMachine({ id: `mch_${"0".repeat(27)}` }));
    expect(late.code).toBe(Code.Unavailable);
  });
});

embeddedOnly("latchkey CLI", () => {
  it(
    "creates instances, adds and revokes keys",
    async () => {
      const dataDir = tempDataDir();
      const created = runLatchkey(["instance", "create", "--name", "acme"], { LATCHKEY_DATA_DIR: dataDir });
      expect(await created.exit).toBe(0);
      const instanceId = /instance (ins_\w+)/.exec(created.stdout())?.[1] as string;
      const firstKeyId = /key (key_\w+)/.exec(created.stdout())?.[1] as string;
      expect(created.stdout()).toMatch(KEY);

      const added = runLatchkey(["key", "create", "--instance", instanceId], { LATCHKEY_DATA_DIR: dataDir });
      expect(await added.exit).toBe(0);
      const secondKey = KEY.exec(added.stdout())?.[0] as string;

      const revoked = runLatchkey(["key", "revoke", firstKeyId], { LATCHKEY_DATA_DIR: dataDir });
      expect(await revoked.exit).toBe(0);
      const revokedAgain = runLatchkey(["key", "revoke", firstKeyId], { LATCHKEY_DATA_DIR: dataDir });
      expect(await revokedAgain.exit).toBe(2);
      expect(revokedAgain.stderr()).toContain("not found");

      const { server, port } = await startServer(dataDir);
      expect(server.stderr()).not.toMatch(KEY);
      const firstKey = KEY.exec(created.stdout())?.[0] as string;
      const id = `mch_${"0".repeat(27)}`;
      expect((await failure(client(port, firstKey).getMachine({ id }))).code).toBe(Code.Unauthenticated);
      expect((await failure(client(port, secondKey).getMachine({ id }))).code).toBe(Code.NotFound);
      server.child.kill("SIGTERM");
      expect(await server.exit).toBe(0);
    },
    SEVERAL_PROCESSES_TIMEOUT_MS,
  );

  it("refuses bad configuration with a message naming each variable", async () => {
    const bad = runLatchkey(["serve"], {
      PORT: "eighty",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      LATCHKEY_KEK: "",
      LATCHKEY_BOOTSTRAP_KEY: "sk_nope",
      LATCHKEY_LOG_LEVEL: "loud",
      LATCHKEY_HOST: "local host",
    });
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain("PORT must be a whole number");
    expect(bad.stderr()).toContain("LATCHKEY_KEK is required with DATABASE_URL");
    expect(bad.stderr()).toContain("LATCHKEY_BOOTSTRAP_KEY must be sk_");
    expect(bad.stderr()).toContain('LATCHKEY_LOG_LEVEL must be one of info, warn, error, silent, got "loud"');
    expect(bad.stderr()).toContain("LATCHKEY_HOST must be an IP address or a host name");
  });
});

embeddedOnly("one owner per data directory", () => {
  it(
    "refuses a second server, and runs the operator commands through the running one",
    async () => {
      const dataDir = tempDataDir();
      const { server, port } = await startServer(dataDir);
      const firstKey = KEY.exec(server.stderr())?.[0] as string;
      const pid = server.child.pid as number;

      for (const command of [["serve"], ["migrate"]]) {
        const second = runLatchkey(command, { LATCHKEY_DATA_DIR: dataDir });
        expect(await second.exit).toBe(2);
        expect(second.stderr()).toContain(`is in use by another latchkey process (pid ${pid} on `);
        expect(second.stderr()).toContain("Stop that process first");
      }

      const created = runLatchkey(["instance", "create", "--name", "acme"], { LATCHKEY_DATA_DIR: dataDir });
      expect(await created.exit).toBe(0);
      const instanceId = /instance (ins_\w+)/.exec(created.stdout())?.[1] as string;
      const acmeKeyId = /key (key_\w+)/.exec(created.stdout())?.[1] as string;
      const acmeKey = KEY.exec(created.stdout())?.[0] as string;
      const machine = await client(port, acmeKey).createMachine({ name: "made-with-a-cli-key" });

      const added = runLatchkey(["key", "create", "--instance", instanceId], { LATCHKEY_DATA_DIR: dataDir });
      expect(await added.exit).toBe(0);
      const secondAcmeKey = KEY.exec(added.stdout())?.[0] as string;
      expect((await client(port, secondAcmeKey).getMachine({ id: machine.machine?.id as string })).machine?.name).toBe(
        "made-with-a-cli-key",
      );

      const revoked = runLatchkey(["key", "revoke", acmeKeyId], { LATCHKEY_DATA_DIR: dataDir });
      expect(await revoked.exit).toBe(0);
      expect((await failure(client(port, acmeKey).getMachine({ id: machine.machine?.id as string }))).code).toBe(
        Code.Unauthenticated,
      );
      const missing = runLatchkey(["key", "create", "--instance", `ins_${"0".repeat(27)}`], {
        LATCHKEY_DATA_DIR: dataDir,
      });
      expect(await missing.exit).toBe(2);
      expect(missing.stderr()).toContain("not found");

      server.child.kill("SIGTERM");
      expect(await server.exit).toBe(0);
      const again = await startServer(dataDir);
      expect(
        (await client(again.port, secondAcmeKey).getMachine({ id: machine.machine?.id as string })).machine?.name,
      ).toBe("made-with-a-cli-key");
      expect((await failure(client(again.port, acmeKey).getMachine({ id: machine.machine?.id as string }))).code).toBe(
        Code.Unauthenticated,
      );
      await client(again.port, firstKey).createMachine({ name: "default-instance-still-works" });
      again.server.child.kill("SIGTERM");
      expect(await again.server.exit).toBe(0);
    },
    SEVERAL_PROCESSES_TIMEOUT_MS,
  );

  it(
    "lets operator commands started together with no server take turns",
    async () => {
      const dataDir = tempDataDir();
      const commands = ["a", "b", "c"].map((name) =>
        runLatchkey(["instance", "create", "--name", name], { LATCHKEY_DATA_DIR: dataDir }),
      );
      expect(await Promise.all(commands.map((command) => command.exit))).toEqual([0, 0, 0]);
      const { server, port } = await startServer(dataDir);
      for (const command of commands) {
        const key = KEY.exec(command.stdout())?.[0] as string;
        await client(port, key).createMachine({ name: "works" });
      }
      server.child.kill("SIGTERM");
      expect(await server.exit).toBe(0);
    },
    SEVERAL_PROCESSES_TIMEOUT_MS,
  );

  it(
    "loses no acknowledged write to a kill -9, and the next start takes over the dead server's lock",
    async () => {
      const dataDir = tempDataDir();
      const { server, port } = await startServer(dataDir);
      const key = KEY.exec(server.stderr())?.[0] as string;
      const machines = client(port, key);
      const acknowledged: { id: string; secretKey: string }[] = [];
      let killed = false;
      const writer = async (n: number) => {
        for (let i = 0; !killed; i++) {
          try {
            const created = await machines.createMachine({ name: `w${n}-${i}` });
            acknowledged.push({ id: created.machine?.id as string, secretKey: created.secretKey });
          } catch {
            return;
          }
        }
      };
      const writers = [1, 2, 3, 4].map(writer);
      await waitFor(() => (acknowledged.length >= 40 ? true : undefined), "40 acknowledged writes");
      server.child.kill("SIGKILL");
      killed = true;
      await Promise.all(writers);
      await server.exit;

      const again = await startServer(dataDir);
      const survivors = client(again.port, key);
      for (const { id, secretKey } of acknowledged) {
        expect((await survivors.getMachine({ id })).machine?.id).toBe(id);
        expect((await tokens(again.port, secretKey).createToken({})).secret).toBeTruthy();
      }
      again.server.child.kill("SIGTERM");
      expect(await again.server.exit).toBe(0);
    },
    SEVERAL_PROCESSES_TIMEOUT_MS,
  );
});
