import { readFileSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { App } from "./app.js";
import { peerAddressKey } from "./context.js";
import { withCors } from "./http/cors.js";
import { STRICT_JSON } from "./strict-json.js";

/** READ_MAX_BYTES bounds one request message (documented in the README). */
export const READ_MAX_BYTES = 4 * 1024 * 1024;

const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/**
 * closeIfAnsweredEarly marks an HTTP/1.1 response `Connection: close` when it
 * starts before the request body was read to its end (a body over the read
 * limit is refused early). The rest of that body is still on the connection,
 * so it cannot carry another request; without the header, a keep-alive
 * client sends its next request there and has it reset.
 */
function closeIfAnsweredEarly(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete && !this.headersSent) this.setHeader("connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/**
 * STATUS_GRACE_MS is how long calls still running when the drain time is up
 * get to send their final status after their signal aborts, before the
 * remaining connections are cut.
 */
const STATUS_GRACE_MS = 1_000;

/** ListeningServer is a started server: its address and a graceful close. */
export type ListeningServer = {
  port: number;
  url: string;
  /**
   * close stops accepting, lets in-flight calls finish for up to `timeoutMs`,
   * then ends the rest with Unavailable (up to STATUS_GRACE_MS more), lets the
   * connections flush (up to STATUS_GRACE_MS more) and cuts what is left.
   */
  close(timeoutMs: number): Promise<void>;
};

/**
 * listen serves gRPC, gRPC-Web and Connect on one port. Cleartext: the first
 * bytes of each connection decide: the HTTP/2 preface goes to the HTTP/2
 * server (gRPC needs it), anything else to HTTP/1.1. With TLS, ALPN decides.
 */
export async function listen(
  app: App,
  options: {
    port: number;
    host: string;
    tls?: { certFile: string; keyFile: string } | undefined;
    /** Origins allowed to call across origins (LATCHKEY_CORS_ORIGINS); default none. */
    corsOrigins?: readonly string[];
  },
): Promise<ListeningServer> {
  // Aborted when the drain time is up: every handler's signal aborts, so
  // streams stop and end with this status instead of a cut connection.
  const shutdown = new AbortController();
  const rpcs = connectNodeAdapter({
    routes: app.routes,
    shutdownSignal: shutdown.signal,
    interceptors: app.interceptors,
    readMaxBytes: READ_MAX_BYTES,
    fallback: app.http,
    contextValues: (req) => createContextValues().set(peerAddressKey, req.socket.remoteAddress),
    jsonOptions: STRICT_JSON,
  });
  const handler = withCors(options.corsOrigins ?? [], rpcs);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const counted = (
    req: http.IncomingMessage | http2.Http2ServerRequest,
    res: http.ServerResponse | http2.Http2ServerResponse,
  ) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    if (req.httpVersionMajor === 1) closeIfAnsweredEarly(req as http.IncomingMessage, res as http.ServerResponse);
    handler(req, res);
  };

  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  let front: net.Server;
  let h1: http.Server | undefined;
  if (options.tls) {
    const secure = http2.createSecureServer(
      { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile), allowHTTP1: true },
      counted,
    );
    secure.on("session", (session) => {
      sessions.add(session);
      session.once("close", () => sessions.delete(session));
    });
    secure.on("secureConnection", track);
    front = secure;
  } else {
    const h2 = http2.createServer({}, counted);
    h2.on("session", (session) => {
      sessions.add(session);
      session.once("close", () => sessions.delete(session));
    });
    const plain = http.createServer(counted);
    h1 = plain;
    front = net.createServer((socket) => {
      track(socket);
      routeByPreface(socket, h2, plain);
    });
  }

  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(options.port, options.host, () => resolve());
  });
  const address = front.address() as net.AddressInfo;
  const scheme = options.tls ? "https" : "http";
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  app.publicUrl.adopt(`${scheme}://${host}:${address.port}`);

  return {
    port: address.port,
    url: `${scheme}://${host}:${address.port}`,
    async close(timeoutMs) {
      const stopped = new Promise<void>((resolve) => front.close(() => resolve()));
      for (const session of sessions) session.close();
      h1?.closeIdleConnections();
      const allDone = new Promise<void>((resolve) => {
        idle = resolve;
        if (inFlight === 0) resolve();
      });
      const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
      await Promise.race([allDone, after(timeoutMs)]);
      if (inFlight > 0) {
        shutdown.abort(new ConnectError("the server is shutting down, call again", Code.Unavailable));
        await Promise.race([allDone, after(STATUS_GRACE_MS)]);
      }
      // Closed sessions end once their last stream is flushed; cutting them at
      // once could drop a finished call's last bytes.
      h1?.closeIdleConnections();
      await Promise.race([stopped, after(STATUS_GRACE_MS)]);
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}

/** routeByPreface hands a cleartext connection to the HTTP/2 or HTTP/1.1 server by its first bytes. */
function routeByPreface(socket: net.Socket, h2: http2.Http2Server, h1: http.Server): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const length = Math.min(buffered.length, HTTP2_PREFACE.length);
    const prefaceSoFar = buffered.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
    if (prefaceSoFar && length < HTTP2_PREFACE.length) return;
    socket.off("data", onData);
    socket.pause();
    socket.unshift(buffered);
    if (prefaceSoFar) {
      h2.emit("connection", socket);
    } else {
      h1.emit("connection", socket);
      socket.resume();
    }
  };
  socket.on("data", onData);
  socket.on("error", () => socket.destroy());
}
