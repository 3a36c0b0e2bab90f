// A load client of bench/soak.ts, in a process of its own. It sends a mix of
// calls over gRPC (HTTP/2, binary) and Connect (HTTP/1.1, JSON), picked at
// random per call, with `concurrency` calls in flight, for a warm-up and then
// a measured period. Machines it changes (create, rename, delete, rotate,
// scopes, memberships) are its own, so clients never race each other into an
// error; shared seeded machines are only read. Every failed call and every
// wrong answer counts as an error.
//
// The driver sends commands on stdin, one a line: `start` (the warm-up, not
// measured), `measure`, `stop`. The client prints one JSON line each:
// {"type":"ready"} when set up, {"type":"progress",...} every 10 s while
// measuring, {"type":"result",...} when stopped.
// Usage (by the driver): node --import tsx bench/soak-load.ts <json options>
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { type Client, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";

/** A machine with its secret key. */
export type SoakMachine = { id: string; key: string };

/**
 * SoakSeed is what the driver seeded and every client shares: service
 * machine i may call machines i+1 and i+2 (mod the count), inventory machines
 * make ListMachines stream several messages, and the scope tree's checks.
 */
export type SoakSeed = {
  url: string;
  instanceKey: string;
  services: SoakMachine[];
  inventory: string[];
  checks: { subjectId: string; scopeId: string; permission: string }[];
  /** Scopes and roles a client's own machines get memberships in. */
  scopeIds: string[];
  roleIds: string[];
};

/** SoakLoadOptions is the JSON argument of this script. */
export type SoakLoadOptions = SoakSeed & {
  /** This client's number, and how many there are. */
  client: number;
  clients: number;
  concurrency: number;
  /** Lifetime of the tokens a client keeps for the whole run: longer than the run. */
  tokenTtlSeconds: number;
  /** The RPC protocols calls are sent over, one picked at random per call: "gRPC", "Connect" or both. */
  protocols: string[];
};

/** SoakLoadResult is the last line a client prints: per kind, calls by protocol, errors and latencies in ms. */
export type SoakLoadResult = {
  type: "result";
  seconds: number;
  kinds: Record<string, { calls: Record<string, number>; errors: number; latencies: number[] }>;
  errorSamples: string[];
  /** This client's own CPU (user + system) over the measured period, in µs. */
  cpuMicros: number;
  /** This client's event-loop delay over the measured period (perf_hooks), in ms. */
  eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
};

const options = JSON.parse(process.argv[2] ?? "{}") as SoakLoadOptions;

type Api = {
  protocol: string;
  machines: Client<typeof MachineService>;
  tokens: Client<typeof TokenService>;
  scopes: Client<typeof ScopeService>;
};
const api = (protocol: string, transport: Transport): Api => ({
  protocol,
  machines: createClient(MachineService, transport),
  tokens: createClient(TokenService, transport),
  scopes: createClient(ScopeService, transport),
});
const apis = [
  api("gRPC", createGrpcTransport({ baseUrl: options.url })),
  api("Connect", createConnectTransport({ baseUrl: options.url, httpVersion: "1.1" })),
].filter((candidate) => options.protocols.includes(candidate.protocol));
const anyApi = () => pick(apis);
const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
const admin = as(options.instanceKey);

function pick<T>(items: T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`wrong answer: ${what}`);
}

// --- statistics -------------------------------------------------------------

let recording = false;
const result: SoakLoadResult = {
  type: "result",
  seconds: 0,
  kinds: {},
  errorSamples: [],
  cpuMicros: 0,
  eventLoopDelayMs: { p50: 0, p99: 0, max: 0, mean: 0 },
};
/** The event-loop delay of this client: a loaded client delays its own calls' sending and their timing. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuAtMeasure = process.cpuUsage();
let totalCalls = 0;
let totalErrors = 0;

/** timed runs one call as `kind` over `protocol`, recording its latency, or its error (and rethrows it). */
async function timed<T>(kind: string, protocol: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const value = await call();
    if (recording) {
      const stats = kindStats(kind);
      stats.calls[protocol] = (stats.calls[protocol] ?? 0) + 1;
      stats.latencies.push(Math.round((performance.now() - started) * 100) / 100);
      totalCalls++;
    }
    return value;
  } catch (error) {
    recordError(kind, protocol, error);
    throw new Recorded("recorded by timed()", { cause: error });
  }
}

/** Recorded wraps an error timed() has already counted. */
class Recorded extends Error {}

/** recordError counts an error, during the warm-up too: every error counts. */
function recordError(kind: string, protocol: string, error: unknown): void {
  kindStats(kind).errors++;
  totalErrors++;
  if (result.errorSamples.length < 10) {
    result.errorSamples.push(`${kind} (${protocol}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

function kindStats(kind: string) {
  result.kinds[kind] ??= { calls: {}, errors: 0, latencies: [] };
  return result.kinds[kind];
}

// --- the client's own machines ----------------------------------------------

/** An own machine: always allowed to call services[0]; optionally one more scope and one membership. */
type OwnMachine = SoakMachine & { extraScope?: string; membershipScope?: string };
const OWN_MIN = 2;
const OWN_MAX = 8;
/** Own machines not in use by a worker right now; a worker takes one out while it changes it. */
const idle: OwnMachine[] = [];
let ownCount = 0;
let created = 0;
const receiver = options.services[0] as SoakMachine;

async function createOwn(): Promise<void> {
  ownCount++;
  try {
    const { protocol, machines } = anyApi();
    const name = `soak-c${options.client}-${created++}`;
    const reply = await timed("CreateMachine", protocol, () =>
      machines.createMachine({ name, scopedMachineIds: [receiver.id] }, admin),
    );
    check(reply.machine?.name === name, "CreateMachine name");
    idle.push({ id: reply.machine?.id ?? "", key: reply.secretKey });
  } catch (error) {
    ownCount--;
    throw error;
  }
}

/** withOwn lends `work` an idle own machine (making one when none is idle) and takes it back unless deleted. */
async function withOwn(work: (machine: OwnMachine) => Promise<"keep" | "deleted">): Promise<void> {
  const machine = idle.shift();
  if (machine === undefined) return createOwn();
  let outcome: "keep" | "deleted" = "keep";
  try {
    outcome = await work(machine);
  } finally {
    if (outcome === "keep") idle.push(machine);
  }
}

// --- the mix ----------------------------------------------------------------

/** Long-lived tokens of each service machine, made at start like a real caller keeps them. */
const serviceTokens: { caller: SoakMachine; opaque: string; jwt: string }[] = [];

async function verify(kind: string, token: string, caller: SoakMachine, receiverIndex: number): Promise<void> {
  const target = options.services[receiverIndex % options.services.length] as SoakMachine;
  const { protocol, tokens } = anyApi();
  const reply = await timed(kind, protocol, () => tokens.verifyToken({ token }, as(target.key)));
  check(reply.token?.subject === caller.id, `${kind} subject`);
}

/** A weighted mix of operations: weight out of the sum, then the operation. */
const MIX: [number, () => Promise<void>][] = [
  [
    20,
    async () => {
      const i = Math.floor(Math.random() * serviceTokens.length);
      const t = serviceTokens[i];
      if (t) await verify("VerifyToken opaque", t.opaque, t.caller, i + 1 + Math.floor(Math.random() * 2));
    },
  ],
  [
    14,
    async () => {
      const i = Math.floor(Math.random() * serviceTokens.length);
      const t = serviceTokens[i];
      if (t) await verify("VerifyToken JWT", t.jwt, t.caller, i + 1 + Math.floor(Math.random() * 2));
    },
  ],
  [
    5,
    async () => {
      // A caller asking for a token it may already hold: usually handed the same one again.
      const caller = pick(options.services);
      const { protocol, tokens } = anyApi();
      await timed("CreateToken opaque, reuse", protocol, () =>
        tokens.createToken({ minRemainingTtlSeconds: 600n }, as(caller.key)),
      );
    },
  ],
  [
    4,
    () =>
      withOwn(async (machine) => {
        const { protocol, tokens } = anyApi();
        const reply = await timed("CreateToken opaque, new", protocol, () => tokens.createToken({}, as(machine.key)));
        await verify("VerifyToken opaque, new token", reply.secret, machine, 0);
        return "keep";
      }),
  ],
  [
    4,
    async () => {
      const i = Math.floor(Math.random() * options.services.length);
      const caller = options.services[i] as SoakMachine;
      const { protocol, tokens } = anyApi();
      const reply = await timed("CreateToken JWT, new", protocol, () =>
        tokens.createToken({ format: TokenFormat.JWT, secondsUntilExpiration: 300n }, as(caller.key)),
      );
      await verify("VerifyToken JWT, new token", reply.secret, caller, i + 1);
    },
  ],
  [
    20,
    async () => {
      // Mostly an operator's instance key, sometimes a service asking with its machine key.
      const key = Math.random() < 0.75 ? options.instanceKey : pick(options.services).key;
      const { protocol, scopes } = anyApi();
      await timed("CheckPermission", protocol, () => scopes.checkPermission(pick(options.checks), as(key)));
    },
  ],
  [
    8,
    async () => {
      const id = Math.random() < 0.5 ? pick(options.inventory) : pick(options.services).id;
      const { protocol, machines } = anyApi();
      const reply = await timed("GetMachine", protocol, () => machines.getMachine({ id }, admin));
      check(reply.machine?.id === id, "GetMachine id");
    },
  ],
  [3, () => listMachines(false)],
  [2, () => listMachines(true)],
  [4, () => (ownCount < OWN_MAX ? createOwn() : deleteOwn())],
  [
    3,
    () =>
      withOwn(async (machine) => {
        const { protocol, machines } = anyApi();
        const name = `soak-c${options.client}-renamed-${created++}`;
        const reply = await timed("UpdateMachine", protocol, () =>
          machines.updateMachine({ id: machine.id, name }, admin),
        );
        check(reply.machine?.name === name, "UpdateMachine name");
        return "keep";
      }),
  ],
  [4, () => (ownCount > OWN_MIN ? deleteOwn() : createOwn())],
  [
    2,
    () =>
      withOwn(async (machine) => {
        const { protocol, machines } = anyApi();
        const reply = await timed("RotateMachineSecretKey", protocol, () =>
          machines.rotateMachineSecretKey({ id: machine.id, previousKeyTtlSeconds: 30n }, admin),
        );
        machine.key = reply.secretKey;
        return "keep";
      }),
  ],
  [
    4,
    () =>
      withOwn(async (machine) => {
        const { protocol, machines } = anyApi();
        if (machine.extraScope === undefined) {
          const to = pick(options.services.slice(1)).id;
          await timed("CreateMachineScope", protocol, () =>
            machines.createMachineScope({ machineId: machine.id, toMachineId: to }, admin),
          );
          machine.extraScope = to;
        } else {
          const other = machine.extraScope;
          await timed("DeleteMachineScope", protocol, () =>
            machines.deleteMachineScope({ machineId: machine.id, otherMachineId: other }, admin),
          );
          machine.extraScope = undefined;
        }
        return "keep";
      }),
  ],
  [
    4,
    () =>
      withOwn(async (machine) => {
        const { protocol, scopes } = anyApi();
        if (machine.membershipScope === undefined) {
          const scopeId = pick(options.scopeIds);
          await timed("CreateMembership", protocol, () =>
            scopes.createMembership({ scopeId, subjectId: machine.id, roleIds: [pick(options.roleIds)] }, admin),
          );
          machine.membershipScope = scopeId;
        } else {
          const scopeId = machine.membershipScope;
          await timed("DeleteMembership", protocol, () =>
            scopes.deleteMembership({ scopeId, subjectId: machine.id }, admin),
          );
          machine.membershipScope = undefined;
        }
        return "keep";
      }),
  ],
  [4, oauthToken],
];
const MIX_TOTAL = MIX.reduce((sum, [weight]) => sum + weight, 0);

function deleteOwn(): Promise<void> {
  return withOwn(async (machine) => {
    const { protocol, machines } = anyApi();
    await timed("DeleteMachine", protocol, () => machines.deleteMachine({ id: machine.id }, admin));
    ownCount--;
    return "deleted";
  });
}

/** listMachines streams every machine of the instance, or cancels after the first message. */
async function listMachines(cancel: boolean): Promise<void> {
  const { protocol, machines } = anyApi();
  const abort = new AbortController();
  await timed(cancel ? "ListMachines, cancelled" : "ListMachines", protocol, async () => {
    let received = 0;
    let total = 0;
    try {
      for await (const message of machines.listMachines({}, { ...admin, signal: abort.signal })) {
        received += message.machines.length;
        total = Number(message.totalCount);
        if (cancel) abort.abort();
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
    // Other clients create and delete machines meanwhile, so the count may move by a few.
    check(cancel ? received === 100 : Math.abs(received - total) <= OWN_MAX * options.clients, "ListMachines count");
  });
}

/** oauthToken runs the OAuth 2.0 client credentials grant over plain HTTP/1.1. */
async function oauthToken(): Promise<void> {
  const caller = pick(options.services);
  await timed("OAuth /oauth/token", "HTTP/1.1", async () => {
    const response = await fetch(`${options.url}/oauth/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${caller.id}:${caller.key}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const body = (await response.json()) as { access_token?: string };
    check(response.status === 200 && typeof body.access_token === "string", `oauth status ${response.status}`);
  });
}

async function randomOperation(): Promise<void> {
  let roll = Math.random() * MIX_TOTAL;
  for (const [weight, operation] of MIX) {
    roll -= weight;
    if (roll < 0) return operation();
  }
}

// --- run --------------------------------------------------------------------

for (const caller of options.services) {
  const { tokens } = anyApi();
  const opaque = await tokens.createToken({ secondsUntilExpiration: BigInt(options.tokenTtlSeconds) }, as(caller.key));
  const jwt = await tokens.createToken(
    { format: TokenFormat.JWT, secondsUntilExpiration: BigInt(options.tokenTtlSeconds) },
    as(caller.key),
  );
  serviceTokens.push({ caller, opaque: opaque.secret, jwt: jwt.secret });
}
for (let i = 0; i < OWN_MIN + 2; i++) await createOwn();
console.log(JSON.stringify({ type: "ready" }));

let running = true;
let measuredFrom = 0;
let workers: Promise<void>[] = [];
const progressTimer = setInterval(() => {
  if (recording) console.log(JSON.stringify({ type: "progress", calls: totalCalls, errors: totalErrors }));
}, 10_000);

/** The driver's commands on stdin: start (the warm-up), measure, stop. */
const commands: Record<string, () => Promise<void> | void> = {
  start() {
    workers = Array.from({ length: options.concurrency }, async () => {
      while (running) {
        // Count the error (unless timed() has) and go on with the next operation.
        await randomOperation().catch((error: unknown) => {
          if (!(error instanceof Recorded)) recordError("(client)", "-", error);
        });
      }
    });
  },
  measure() {
    recording = true;
    measuredFrom = performance.now();
    cpuAtMeasure = process.cpuUsage();
    loopDelay.reset();
    loopDelay.enable();
  },
  async stop() {
    running = false;
    await Promise.all(workers);
    clearInterval(progressTimer);
    result.seconds = (performance.now() - measuredFrom) / 1000;
    const cpu = process.cpuUsage(cpuAtMeasure);
    result.cpuMicros = cpu.user + cpu.system;
    loopDelay.disable();
    const ms = (nanos: number) => Math.round(nanos / 10_000) / 100;
    result.eventLoopDelayMs = {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
      mean: ms(loopDelay.mean),
    };
    console.log(JSON.stringify(result));
    process.exit(0);
  },
};
const input = createInterface({ input: process.stdin });
input.on("line", (line) => void commands[line]?.());
// The driver closes stdin when it goes away: do not outlive it.
input.on("close", () => process.exit(1));
