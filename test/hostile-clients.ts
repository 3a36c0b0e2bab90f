import http2 from "node:http2";
import net from "node:net";
import { fileURLToPath } from "node:url";

/**
 * Hostile clients shared by test/edge.test.ts and bench/hostile.ts. Each runs in
 * a process of its own (`node --import tsx test/hostile-clients.ts <kind> …`),
 * so the work of attacking is not charged to the measuring client, and prints
 * one `holding N` line once its attack is in place; it keeps it until killed.
 *
 * - `flood <port> <streams> [key]`: opens HTTP/2 connections, each with as many
 *   gRPC streams as the server allows, that send headers and never finish
 *   their body (keyless, or with the bearer key given).
 * - `slowloris <port> <connections>`: HTTP/1.1 connections that trickle one
 *   header line every 500 ms and never finish their headers; a connection the
 *   server closes is opened again.
 *
 * Both connect from ATTACKER_ADDRESS, so the attack and the legitimate
 * client measured beside it come from different addresses, as they would.
 */

/** ATTACKER_ADDRESS is the loopback address the attacks come from (the bad-key throttle counts per address). */
export const ATTACKER_ADDRESS = "127.0.0.2";

/** FLOOD_PATH is a real RPC, so a flood stream reaches connect's handler rather than a 404. */
export const FLOOD_PATH = "/latchkey.machine.v1.MachineService/ListMachines";

/** flood opens `streams` unfinished gRPC streams on as many connections as it takes; resolves with how many are open. */
export async function flood(
  port: number,
  streams: number,
  key?: string,
): Promise<{ open: () => number; cut: () => number }> {
  let open = 0;
  let cut = 0;
  let opened = 0;
  const headers: http2.OutgoingHttpHeaders = {
    ":method": "POST",
    ":path": FLOOD_PATH,
    "content-type": "application/grpc",
    te: "trailers",
    ...(key ? { authorization: `Bearer ${key}` } : {}),
  };
  while (opened < streams) {
    const session = http2.connect(`http://127.0.0.1:${port}`, {
      createConnection: () => net.connect({ port, host: "127.0.0.1", localAddress: ATTACKER_ADDRESS }),
    });
    session.on("error", () => undefined);
    await new Promise<void>((resolve) => {
      session.once("remoteSettings", () => resolve());
      session.once("close", () => resolve());
    });
    if (session.destroyed) throw new Error("the server refused a flood connection");
    const perSession = Math.min(session.remoteSettings.maxConcurrentStreams ?? 100, streams - opened);
    for (let i = 0; i < perSession; i++) {
      const stream = session.request(headers, { endStream: false });
      stream.on("error", () => undefined);
      open++;
      stream.once("close", () => {
        open--;
        cut++;
      });
      opened++;
    }
    // Let the frames out before the next connection, as a real client would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { open: () => open, cut: () => cut };
}

/** slowloris keeps `connections` HTTP/1.1 requests whose headers never end; returns how many were closed by the server. */
export function slowloris(port: number, connections: number): { closedByServer: () => number } {
  let closedByServer = 0;
  const start = () => {
    const socket = net.connect({ port, host: "127.0.0.1", localAddress: ATTACKER_ADDRESS });
    socket.on("error", () => undefined);
    socket.write("GET / HTTP/1.1\r\nHost: latchkey\r\n");
    let line = 0;
    const timer = setInterval(() => socket.write(`x-trickle-${line++}: y\r\n`), 500);
    socket.once("close", () => {
      clearInterval(timer);
      closedByServer++;
      setTimeout(start, 50);
    });
  };
  for (let i = 0; i < connections; i++) start();
  return { closedByServer: () => closedByServer };
}

async function main(argv: string[]): Promise<void> {
  const [kind, portText, countText, key] = argv;
  const port = Number(portText);
  const count = Number(countText);
  if (kind === "flood") {
    const held = await flood(port, count, key);
    const report = () => console.log(`holding ${held.open()} cut ${held.cut()}`);
    report();
    setInterval(report, 1_000);
  } else if (kind === "slowloris") {
    const held = slowloris(port, count);
    console.log(`holding ${count}`);
    setInterval(() => console.log(`closed ${held.closedByServer()}`), 1_000);
  } else {
    throw new Error(`usage: hostile-clients.ts flood|slowloris <port> <count> [key]`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
