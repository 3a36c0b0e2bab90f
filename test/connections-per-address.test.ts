import { once } from "node:events";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EdgeServer, startEdgeServer, stillServes } from "./edge-server.js";
import { removeTempDirs } from "./process.js";

// One client address may hold at most LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS
// connections, so it cannot take every slot of LATCHKEY_MAX_CONNECTIONS. The
// hostile client is 127.0.0.2 and the others 127.0.0.1: on Linux the whole of
// 127.0.0.0/8 is loopback, so both reach the server as different addresses.

const TOTAL = 12;
const PER_ADDRESS = 6;

/** idleFrom opens a TCP connection from `localAddress` that never sends a byte. */
function idleFrom(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress }, () => resolve(socket));
    socket.on("error", reject);
  });
}

/** closedWithin tells which of `sockets` the server closed within `ms`. */
async function closedWithin(sockets: net.Socket[], ms: number): Promise<Set<net.Socket>> {
  const closed = new Set<net.Socket>();
  for (const socket of sockets) socket.once("close", () => closed.add(socket));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return closed;
}

describe("connections per client address", () => {
  let edge: EdgeServer;
  beforeAll(async () => {
    edge = await startEdgeServer({
      LATCHKEY_MAX_CONNECTIONS: String(TOTAL),
      LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
    });
  });
  afterAll(async () => {
    edge?.server.child.kill("SIGKILL");
    await edge?.server.exit;
    removeTempDirs();
  });

  it("one address holding idle connections gets only its share; another address still connects and is served", async () => {
    // As many idle connections as the whole server allows, all from one address.
    const hostile = await Promise.all(Array.from({ length: TOTAL }, () => idleFrom(edge.port, "127.0.0.2")));
    const closed = await closedWithin(hostile, 1_000);
    expect(closed.size).toBe(TOTAL - PER_ADDRESS);

    // Another address gets a connection and its call is answered by the handler.
    await stillServes(edge);

    // The address's own slots come back as its connections close.
    for (const socket of hostile) socket.destroy();
    await Promise.all(hostile.filter((socket) => !closed.has(socket)).map((socket) => once(socket, "close")));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await Promise.all(Array.from({ length: PER_ADDRESS }, () => idleFrom(edge.port, "127.0.0.2")));
    expect((await closedWithin(again, 1_000)).size).toBe(0);
    for (const socket of again) socket.destroy();
  });
});
