import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  type Client,
  ConnectError,
  createClient,
  createRouterTransport,
  type Interceptor,
  type Transport,
} from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { inject } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { type App, createApp } from "../src/app.js";
import { InstanceRepository, type IssuedInstanceKey } from "../src/db/instance-repository.js";
import { type Database, openDatabase } from "../src/db/orm.js";
import { SecretBox } from "../src/domain/secrets.js";
import { listen } from "../src/server.js";

/**
 * The database the tests use: the real PostgreSQL when DATABASE_URL is set
 * (migrated once by test/global-setup.ts), otherwise a fresh in-memory PGlite
 * per call, loaded from the migrated archive the global setup made. Tests
 * share the PostgreSQL database safely because each one works in instances
 * of its own.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) return openDatabase({ url });
  const initialData = new Blob([await readFile(inject("pgliteTemplate"))]);
  return openDatabase({ pgliteDir: "memory://", initialData });
}

/** bearer adds `Authorization: Bearer <key>` to every call of a transport. */
export function bearer(key: string): Interceptor {
  return (next) => (req) => {
    req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };
}

/**
 * inMemoryTransport is a Connect transport straight into `app`'s router,
 * sending `key` (when given) as the bearer: the app's request gate
 * (authentication) and interceptors run as they do behind a real port.
 */
export function inMemoryTransport(app: App, key?: string): Transport {
  return createRouterTransport(app.routes, {
    router: { interceptors: app.interceptors, requestGate: app.requestGate },
    transport: { interceptors: key === undefined ? [] : [bearer(key)] },
  });
}

/** TestMachine is a new machine with a TokenService client that uses its own key. */
export type TestMachine = { id: string; secretKey: string; tokens: Client<typeof TokenService> };

/** TestInstance is a fresh tenant with a Connect client that uses its key. */
export type TestInstance = IssuedInstanceKey & { machines: Client<typeof MachineService> };

/** TestEnv is a server (without a port) over a real database. */
export type TestEnv = {
  database: Database;
  app: App;
  secrets: SecretBox;
  /** The server's base URL when it listens on a real port. */
  url: string | undefined;
  /** transportWithKey is an in-memory Connect transport sending `key` as the bearer. */
  transportWithKey(key: string | undefined): Transport;
  newInstance(): Promise<TestInstance>;
  /** newMachine creates a machine in `instance` that may call `scopedMachineIds`. */
  newMachine(instance: TestInstance, name: string, scopedMachineIds?: string[]): Promise<TestMachine>;
  close(): Promise<void>;
};

/**
 * How tests reach the app: a Connect client on an in-memory router, or a gRPC
 * client over HTTP/2 to the real server listening on a loopback port.
 */
export type TestTransportKind = "in-memory Connect" | "gRPC on a real port";

/** startTestEnv opens the test database and builds the app on it; `options` go to createApp. */
export async function startTestEnv(
  kind: TestTransportKind = "in-memory Connect",
  options: Parameters<typeof createApp>[3] = {},
): Promise<TestEnv> {
  const database = await openTestDatabase();
  const secrets = new SecretBox(randomBytes(32));
  const app = createApp(database, secrets, undefined, options);
  await app.start();
  const server = kind === "gRPC on a real port" ? await listen(app, { port: 0, host: "127.0.0.1" }) : undefined;
  const transportWithKey = (key: string | undefined) =>
    server === undefined
      ? inMemoryTransport(app, key)
      : createGrpcTransport({ baseUrl: server.url, interceptors: key === undefined ? [] : [bearer(key)] });
  return {
    database,
    app,
    secrets,
    url: server?.url,
    transportWithKey,
    async newInstance() {
      const issued = await new InstanceRepository(database.fork()).createInstance("test");
      return { ...issued, machines: createClient(MachineService, transportWithKey(issued.secret)) };
    },
    async newMachine(instance, name, scopedMachineIds = []) {
      const { machine, secretKey } = await instance.machines.createMachine({ name, scopedMachineIds });
      return { id: machine?.id as string, secretKey, tokens: createClient(TokenService, transportWithKey(secretKey)) };
    },
    async close() {
      await server?.close(1000);
      await app.stop();
      await database.close();
    },
  };
}

/** drain reads a server stream to its end and returns its messages. */
export async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const messages: T[] = [];
  for await (const message of stream) messages.push(message);
  return messages;
}

/** failure awaits a call that must fail and returns its Connect error. */
export async function failure(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("expected the call to fail, but it succeeded");
}
