import { randomBytes } from "node:crypto";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer, failure } from "./harness.js";
import { emptyDataDir, type LatchkeyProcess, runLatchkey, serveLatchkey } from "./process.js";

/** MISSING_MACHINE is a well-formed machine id that exists nowhere: a call for it reaches the handler and is NotFound. */
export const MISSING_MACHINE = `mch_${"0".repeat(27)}`;

/** EdgeServer is a latchkey process started for the edge tests, with an instance key. */
export type EdgeServer = { server: LatchkeyProcess; port: number; key: string; pid: number };

/**
 * startEdgeServer starts `latchkey serve` with `env` added, on PostgreSQL when
 * DATABASE_URL is set (an instance made with `latchkey instance create`) or
 * else on a fresh embedded database (its bootstrap key).
 */
export async function startEdgeServer(env: Record<string, string>): Promise<EdgeServer> {
  const databaseUrl = process.env.DATABASE_URL;
  let key: string;
  let base: Record<string, string>;
  if (databaseUrl) {
    base = { DATABASE_URL: databaseUrl, LATCHKEY_KEK: randomBytes(32).toString("base64") };
    const created = runLatchkey(["instance", "create", "--name", "edge"], base);
    expect(await created.exit).toBe(0);
    key = /secret (sk_\w+)/.exec(created.stdout())?.[1] as string;
  } else {
    key = newSecret("sk");
    // An empty directory, not a migrated copy (tempDataDir): the floods' bounds on
    // RSS growth were set on servers that ran initdb and the migrations themselves,
    // which leaves them larger before the flood. On a copy the keyed flood grew
    // 424 -> 709 MiB, past its 256 MiB bound, ending where it ends from empty.
    base = { LATCHKEY_DATA_DIR: emptyDataDir(), LATCHKEY_BOOTSTRAP_KEY: key };
  }
  const { server, port } = await serveLatchkey({ ...base, ...env }, "the edge server to listen");
  return { server, port, key, pid: server.child.pid as number };
}

/** machineClient is a gRPC MachineService client of the edge server, with its key. */
export function machineClient(edge: EdgeServer) {
  return createClient(
    MachineService,
    createGrpcTransport({ baseUrl: `http://127.0.0.1:${edge.port}`, interceptors: [bearer(edge.key)] }),
  );
}

/** stillServes checks the process is up and an ordinary call on a new connection reaches its handler (NotFound). */
export async function stillServes(edge: EdgeServer): Promise<void> {
  expect(edge.server.child.exitCode).toBeNull();
  const error = await failure(machineClient(edge).getMachine({ id: MISSING_MACHINE }, { timeoutMs: 10_000 }));
  expect(error.code).toBe(Code.NotFound);
}
