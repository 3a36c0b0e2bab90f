import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import net from "node:net";
import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { type EdgeServer, MISSING_MACHINE, machineClient, startEdgeServer, stillServes } from "./edge-server.js";
import { bearer, failure } from "./harness.js";
import { FLOOD_PATH } from "./hostile-clients.js";
import { removeTempDirs, waitFor } from "./process.js";

// The edge against hostile connections, each on a real server process: the
// timeouts and caps of README "Configuration", a stream flood, and a transport
// fuzzer. Timings leave headroom for a loaded machine: each deadline is
// checked as "not before it, and not long after it".

afterAll(removeTempDirs);

/** closedAfter resolves with how long after `since` the socket closed. */
function closedAfter(socket: net.Socket, since: number): Promise<number> {
  return new Promise((resolve) => socket.once("close", () => resolve(performance.now() - since)));
}

function connectRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

// Slack on top of each deadline: the server checks HTTP/1.1 deadlines once a
// second, and a loaded machine adds its own delay.
const SLACK_MS = 4_000;

describe("connection deadlines", () => {
  const HEADERS_MS = 1_000;
  const IDLE_MS = 1_500;
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({
      LATCHKEY_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      LATCHKEY_IDLE_TIMEOUT_MS: String(IDLE_MS),
    });
  });
  afterAll(() => edge?.server.child.kill("SIGKILL"));

  it("closes a silent socket and one with half an HTTP/2 preface at the header deadline", async () => {
    const started = performance.now();
    const silent = await connectRaw(edge.port);
    const half = await connectRaw(edge.port);
    half.write("PRI * HTTP/2.0\r\n");
    const [silentMs, halfMs] = await Promise.all([closedAfter(silent, started), closedAfter(half, started)]);
    for (const ms of [silentMs, halfMs]) {
      expect(ms).toBeGreaterThanOrEqual(HEADERS_MS * 0.9);
      expect(ms).toBeLessThan(HEADERS_MS + SLACK_MS);
    }
  });

  it("closes an HTTP/1.1 request whose headers trickle in (slowloris) at the header deadline", async () => {
    const socket = await connectRaw(edge.port);
    const started = performance.now();
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.write("GET / HTTP/1.1\r\nHost: latchkey\r\n");
    let line = 0;
    const trickle = setInterval(() => socket.write(`x-trickle-${line++}: y\r\n`), 100);
    const ms = await closedAfter(socket, started);
    clearInterval(trickle);
    expect(ms).toBeGreaterThanOrEqual(HEADERS_MS * 0.9);
    expect(ms).toBeLessThan(HEADERS_MS + SLACK_MS);
    expect(answer).toMatch(/^(HTTP\/1\.1 408|$)/);
  });

  it("closes an idle keep-alive HTTP/1.1 connection after the idle timeout", async () => {
    const socket = await connectRaw(edge.port);
    // A call answered after its body was read, so the connection is kept alive.
    const body = JSON.stringify({ id: MISSING_MACHINE });
    socket.write(
      `POST /latchkey.machine.v1.MachineService/GetMachine HTTP/1.1\r\nHost: latchkey\r\ncontent-type: application/json\r\nauthorization: Bearer ${edge.key}\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    await once(socket, "data");
    const answered = performance.now();
    const ms = await closedAfter(socket, answered);
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS * 0.9);
    expect(ms).toBeLessThan(IDLE_MS + SLACK_MS);
  });

  it("closes an HTTP/2 session with no stream after the idle timeout, but not while a stream is open", async () => {
    const session = http2.connect(`http://127.0.0.1:${edge.port}`);
    session.on("error", () => undefined);
    const closed = once(session, "close");
    // A stream that stays open (its body never ends) for twice the idle timeout.
    const stream = session.request(
      {
        ":method": "POST",
        ":path": FLOOD_PATH,
        "content-type": "application/grpc",
        authorization: `Bearer ${edge.key}`,
      },
      { endStream: false },
    );
    stream.on("error", () => undefined);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
    expect(session.closed || session.destroyed).toBe(false);
    const streamEnded = performance.now();
    stream.close(http2.constants.NGHTTP2_CANCEL);
    await closed;
    const ms = performance.now() - streamEnded;
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS * 0.9);
    expect(ms).toBeLessThan(IDLE_MS + SLACK_MS);
    await stillServes(edge);
  });
});

describe("early answers over HTTP/1.1", () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({});
  });
  afterAll(() => edge?.server.child.kill("SIGKILL"));

  // connect-node's HTTP/1.1 client sends a call's headers first and its body
  // after them, so on a loaded machine a bad key is refused before the body
  // is sent. Here the body is sent only after the whole answer has arrived
  // (the worst case of that race), in two writes. A server that closes as
  // soon as it has answered resets the connection when the late body
  // arrives, and the client's next write fails (EPIPE): connect-node then
  // reports Internal instead of the answer. The server must keep reading
  // until the client is done, and close without a reset.
  for (const framing of ["transfer-encoding: chunked", "connection: close"]) {
    it(`lets a client refused before its body (${framing}) send that body and closes without a reset`, async () => {
      const socket = net.connect({ port: edge.port, host: "127.0.0.1", allowHalfOpen: true });
      await once(socket, "connect");
      const failed: Error[] = [];
      socket.on("error", (error) => failed.push(error));
      const closed = new Promise<boolean>((resolve) => socket.once("close", resolve));
      let answer = "";
      socket.on("data", (chunk: Buffer) => {
        answer += chunk.toString();
      });
      const body = JSON.stringify({ name: "x".repeat(2_000) });
      const [first, second] = [body.slice(0, 1_000), body.slice(1_000)];
      const chunked = framing.startsWith("transfer-encoding");
      socket.write(
        "POST /latchkey.machine.v1.MachineService/CreateMachine HTTP/1.1\r\nHost: latchkey\r\n" +
          `content-type: application/json\r\nauthorization: Bearer ${newSecret("sk")}\r\n` +
          (chunked ? `${framing}\r\n\r\n` : `content-length: ${body.length}\r\n${framing}\r\n\r\n`),
      );
      // The server answers and then half-closes: Connection: close, as either request asks for it.
      await once(socket, "end");
      expect(answer).toMatch(/^HTTP\/1\.1 401 /);
      const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
      socket.write(chunked ? `${first.length.toString(16)}\r\n${first}\r\n` : first);
      await pause();
      socket.write(chunked ? `${second.length.toString(16)}\r\n${second}\r\n0\r\n\r\n` : second);
      await pause();
      socket.end();
      const hadError = await closed;
      expect(failed.map((error) => error.message)).toEqual([]);
      expect(hadError).toBe(false);
    });
  }

  it("still cuts a client that keeps sending after an early answer", async () => {
    const socket = net.connect({ port: edge.port, host: "127.0.0.1", allowHalfOpen: true });
    await once(socket, "connect");
    socket.on("error", () => undefined);
    socket.resume();
    socket.write(
      "POST /latchkey.machine.v1.MachineService/CreateMachine HTTP/1.1\r\nHost: latchkey\r\n" +
        `content-type: application/json\r\nauthorization: Bearer ${newSecret("sk")}\r\ncontent-length: ${4 * 1024 * 1024}\r\n\r\n`,
    );
    await once(socket, "end");
    // 64 KiB at a time until the server stops reading; a server that kept
    // draining would take all 4 MiB.
    // Not events.once: it would reject on the write error the cut causes.
    const closed = new Promise((resolve) => socket.once("close", resolve));
    let sent = 0;
    while (!socket.destroyed && sent < 4 * 1024 * 1024) {
      socket.write(Buffer.alloc(64 * 1024, "x"));
      sent += 64 * 1024;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await closed;
    expect(sent).toBeLessThan(4 * 1024 * 1024);
    await stillServes(edge);
  });
});

describe("a blocked address in the log", () => {
  const BUDGET = 3;
  // Long enough for every call below to fall into one window on a loaded machine.
  const WINDOW_MS = 5_000;
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({
      LATCHKEY_AUTH_FAILURE_BUDGET: String(BUDGET),
      LATCHKEY_AUTH_FAILURE_WINDOW_MS: String(WINDOW_MS),
    });
  });
  afterAll(() => edge?.server.child.kill("SIGKILL"));

  it("gets one line for its first refusal and one summary line when its window ends, on every surface", async () => {
    const url = `http://127.0.0.1:${edge.port}`;
    const badKey = newSecret("sk");
    const grpc = createClient(MachineService, createGrpcTransport({ baseUrl: url, interceptors: [bearer(badKey)] }));
    const connect = createClient(
      MachineService,
      createConnectTransport({ baseUrl: url, httpVersion: "1.1", interceptors: [bearer(badKey)] }),
    );
    const rest = () => fetch(`${url}/v1/machines`, { headers: { authorization: `Bearer ${badKey}` } });
    const oauth = () =>
      fetch(`${url}/oauth/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${MISSING_MACHINE}:${newSecret("ak")}`).toString("base64")}`,
        },
        body: "grant_type=client_credentials",
      });
    const before = edge.server.stdout().length;
    const answers: string[] = [];
    for (let round = 0; round < 5; round++) {
      answers.push(Code[(await failure(grpc.getMachine({ id: MISSING_MACHINE }))).code]);
      answers.push(Code[(await failure(connect.getMachine({ id: MISSING_MACHINE }))).code]);
      answers.push(String((await rest()).status));
      answers.push(String((await oauth()).status));
    }
    const refused = answers.filter((answer) => answer === "ResourceExhausted" || answer === "429").length;
    expect(refused).toBe(answers.length - BUDGET);
    const lines = () =>
      edge.server
        .stdout()
        .slice(before)
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const summary = await waitFor(
      () => lines().find((line) => line.msg === "refused an address over its bad-secret budget"),
      "the block's summary line",
    );
    expect(summary).toMatchObject({ level: "warn", address: "127.0.0.1", refused });
    const requestLines = lines().filter((line) => line.msg === "request" || line.msg === "request failed");
    // The budget's failures, then the first refusal; the rest only in the summary.
    expect(requestLines).toHaveLength(BUDGET + 1);
    expect(requestLines.filter((line) => line.code === "ResourceExhausted" || line.status === 429)).toHaveLength(1);
  });
});

describe("connection cap", () => {
  const CAP = 20;
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({ LATCHKEY_MAX_CONNECTIONS: String(CAP) });
  });
  afterAll(() => edge?.server.child.kill("SIGKILL"));

  it("closes connections over the cap at once while the clients already connected keep working", async () => {
    const client = machineClient(edge);
    expect((await failure(client.getMachine({ id: MISSING_MACHINE }))).code).toBe(Code.NotFound);
    // The client's connection is one; these fill the rest and overflow by ten.
    const sockets = await Promise.all(Array.from({ length: CAP + 9 }, () => connectRaw(edge.port)));
    const closedEarly = new Set<net.Socket>();
    for (const socket of sockets) socket.once("close", () => closedEarly.add(socket));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(closedEarly.size).toBe(10);
    expect((await failure(client.getMachine({ id: MISSING_MACHINE }))).code).toBe(Code.NotFound);
    for (const socket of sockets) socket.destroy();
    await waitFor(async () => {
      const probe = await connectRaw(edge.port);
      const cut = await Promise.race([
        once(probe, "close").then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 300)),
      ]);
      probe.destroy();
      return cut ? undefined : true;
    }, "the cap to free up");
    await stillServes(edge);
  });
});

/** startFlood runs test/hostile-clients.ts flood in its own process and resolves once all its streams were sent. */
async function startFlood(port: number, streams: number, key?: string): Promise<{ child: ChildProcess; line: string }> {
  const args = ["--import", "tsx", "test/hostile-clients.ts", "flood", String(port), String(streams)];
  const child = spawn(process.execPath, key ? [...args, key] : args, { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const line = await waitFor(() => /holding \d+ cut \d+/.exec(output)?.[0], "the flood to be sent", 120_000);
  return { child, line };
}

/** PGLITE_WARM_RSS_MIB is the least a server on embedded PGlite holds once its database is warm. */
const PGLITE_WARM_RSS_MIB = 450;

describe("stream flood", () => {
  const STREAMS = 20_000;
  const edges: EdgeServer[] = [];
  afterEach(() => {
    for (const edge of edges.splice(0)) edge.server.child.kill("SIGKILL");
  });

  // Each on a server of its own, so the memory measured is this flood's.
  for (const keyed of [false, true]) {
    it(`${STREAMS} unfinished gRPC streams ${keyed ? "with a valid key" : "without a key"} do not starve another client or grow the server past its bounds`, async () => {
      const edge = await startEdgeServer({});
      edges.push(edge);
      const client = machineClient(edge);
      await failure(client.getMachine({ id: MISSING_MACHINE }));
      const idleRss = rssMiB(edge.pid);
      let peakRss = idleRss;
      const latencies: number[] = [];
      let flooding = true;
      const probing = (async () => {
        while (flooding) {
          const started = performance.now();
          const error = await failure(client.getMachine({ id: MISSING_MACHINE }, { timeoutMs: 10_000 }));
          expect(error.code).toBe(Code.NotFound);
          latencies.push(performance.now() - started);
          peakRss = Math.max(peakRss, rssMiB(edge.pid));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const flood = await startFlood(edge.port, STREAMS, keyed ? edge.key : undefined);
      // Keep measuring while the flood holds what it could.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      flooding = false;
      await probing;
      flood.child.kill("SIGKILL");
      latencies.sort((a, b) => a - b);
      const median = latencies[Math.floor(latencies.length / 2)] ?? Number.POSITIVE_INFINITY;
      const p90 = latencies[Math.floor(latencies.length * 0.9)] ?? Number.POSITIVE_INFINITY;
      const summary = `${flood.line}; ${latencies.length} calls, median ${median.toFixed(0)} ms, p90 ${p90.toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms; RSS ${idleRss.toFixed(0)} → ${peakRss.toFixed(0)} MiB`;
      console.log(`stream flood (${keyed ? "keyed" : "keyless"}): ${summary}`);
      expect(latencies.length, summary).toBeGreaterThan(5);
      expect(p90, summary).toBeLessThan(250);
      // A PostgreSQL-backed server is held to the issue's bound, 512 MiB in all.
      // Embedded PGlite alone takes 450-700 MiB once warm, so there the flood's growth is bounded instead,
      // from the server's warm size: a server that starts cold (about 350 MiB) grows its WebAssembly memory
      // to that size on first use whatever the calls, and never gives it back (CI, keyless flood: idle 610 →
      // peak 677 MiB warm, idle 349 → peak 627 cold; on PostgreSQL the same flood grew 117 → 279).
      if (process.env.DATABASE_URL) expect(peakRss, summary).toBeLessThan(512);
      else expect(peakRss - Math.max(idleRss, PGLITE_WARM_RSS_MIB), summary).toBeLessThan(256);
      expect(edge.server.child.exitCode).toBeNull();
      await stillServes(edge);
    }, 240_000);
  }
});
