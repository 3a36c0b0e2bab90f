import { readFileSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import type { Duplex } from "node:stream";
import { Code, ConnectError, createContextKey, createContextValues, type HandlerContext } from "@connectrpc/connect";
import type { App } from "./app.js";
import { type ConnectionLimits, DEFAULT_CONNECTION_LIMITS } from "./config.js";
import { peerAddressKey } from "./context.js";
import { corsPolicy } from "./http/cors.js";
import { createFront } from "./http/front.js";
import { type CallContext, createRpcSurface } from "./http/rpc.js";
import { describeCause } from "./interceptors/errors.js";
import { log } from "./log.js";
import { STRICT_JSON } from "./strict-json.js";

/** READ_MAX_BYTES bounds one request message (documented in the README). */
export const READ_MAX_BYTES = 4 * 1024 * 1024;

const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/**
 * EARLY_ANSWER_DRAIN_MAX_BYTES is the largest request body the server reads
 * and drops after answering before it (a key refused before the body, a
 * handler that failed early), so the connection can carry the next request.
 */
const EARLY_ANSWER_DRAIN_MAX_BYTES = 64 * 1024;

/**
 * LINGER_MS is how long a connection closed after an early answer keeps
 * reading (and dropping) what the client still sends, so the client can
 * finish writing its request and read the answer (see lingerOnClose).
 */
const LINGER_MS = 5_000;

/**
 * closeIfAnsweredEarly handles an HTTP/1.1 response that starts before the
 * request body was read to its end (a key refused before the body, a handler
 * that failed early). The body is read and dropped, up to
 * EARLY_ANSWER_DRAIN_MAX_BYTES; a client still sending after that (a body
 * over the read limit, a flood) is cut. A body of known length within that
 * bound leaves the connection open for the next request; a larger or
 * chunked one answers `Connection: close`. Either way the connection, when
 * it closes, closes gently (lingerOnClose): closing a socket with the
 * client's bytes unread, or before they arrive, makes the kernel reset it,
 * and the client, still writing its body, fails with EPIPE or ECONNRESET
 * instead of reading the answer. connect-node's HTTP/1.1 client sends the
 * headers first and a chunked body after them, so on a loaded machine the
 * refusal of a bad key routinely overtook the body.
 */
function closeIfAnsweredEarly(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.complete && !this.headersSent) {
      // A request with neither header has no body (RFC 9112 §6.3).
      const length = req.headers["transfer-encoding"] ? Number.NaN : Number(req.headers["content-length"] ?? 0);
      if (!(Number.isSafeInteger(length) && length <= EARLY_ANSWER_DRAIN_MAX_BYTES)) {
        this.setHeader("connection", "close");
      }
      // No socket on the request: its body was cut (one over the read limit);
      // the answer still says Connection: close, but there is nothing to drain.
      const socket = req.socket;
      if (socket === null) return writeHead.apply(this, args);
      let drained = 0;
      req.on("data", (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > EARLY_ANSWER_DRAIN_MAX_BYTES) socket.destroy();
      });
      req.resume();
      lingerOnClose(socket);
    }
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/**
 * lingerOnClose makes Node's close of `socket` after its last response a
 * lingering close (RFC 9112 §9.6): the server sends its FIN once the answer
 * is written, keeps reading until the client closes its side, and cuts the
 * connection only after LINGER_MS. Node's own close (`destroySoon`, called
 * when a `Connection: close` response finishes) ends and destroys the socket
 * at once, resetting it if request bytes are still unread or in flight.
 */
function lingerOnClose(socket: net.Socket): void {
  socket.destroySoon = function (this: net.Socket) {
    if (this.writable) this.end();
    // The socket closes by itself once the client's FIN arrives (no half-open sockets).
    const timer = setTimeout(() => this.destroy(), LINGER_MS).unref();
    this.once("close", () => clearTimeout(timer));
  };
}

/**
 * HTTP2_SESSION_MEMORY_MB caps what one HTTP/2 connection may make the server
 * buffer (nghttp2's own accounting: frames, headers, stream state); over it,
 * new streams on that connection are refused, other connections unaffected.
 */
const HTTP2_SESSION_MEMORY_MB = 10;

/**
 * MAX_HEADER_BYTES caps one request's headers, on HTTP/1.1 (431 over it) and
 * HTTP/2 (the advertised SETTINGS_MAX_HEADER_LIST_SIZE); 16 KiB is Node's own
 * HTTP/1.1 default.
 */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * HTTP1_REQUEST_TIMEOUT_MS is how long an HTTP/1.1 request may take to arrive
 * in full, body included (Node's default; a 4 MiB body needs far less).
 */
const HTTP1_REQUEST_TIMEOUT_MS = 300_000;

/**
 * InFlightCalls knows every RPC running now, so a drain can end each one with
 * Unavailable. Its `gate` is connect's `requestGate`: it sees each call's
 * context before the body is read, adds it, and forgets it when the call's own
 * signal aborts (connect aborts it when the call ends). This replaces
 * connect's `shutdownSignal`, which links every call to one shared signal: each
 * add/remove of a listener there walks all the others, so the cost of a call
 * grew with the number in flight.
 *
 * Other gates (authentication) compose after this one:
 * `requestGate: async (context) => { calls.gate(context); await auth(context); }`.
 */
export class InFlightCalls {
  readonly #calls = new Set<CallContext>();
  readonly #byRequest = new WeakMap<NodeRequest, CallContext>();
  #shutdown: ConnectError | undefined;

  /** gate admits a call (refusing it with Unavailable once the server shuts down) and tracks it until it ends. */
  readonly gate = (context: HandlerContext): void => {
    if (this.#shutdown) throw this.#shutdown;
    // connect passes the context it made with createHandlerContext, which can abort.
    const call = context as CallContext;
    this.#calls.add(call);
    const req = call.values.get(nodeRequestKey);
    if (req !== undefined) this.#byRequest.set(req, call);
    call.signal.addEventListener("abort", () => this.#calls.delete(call), { once: true });
  };

  /** abortRequest ends the call serving `req`, if it has started, with `reason`. */
  abortRequest(req: NodeRequest, reason: ConnectError): void {
    this.#byRequest.get(req)?.abort(reason);
  }

  /** size is the number of calls running now. */
  get size(): number {
    return this.#calls.size;
  }

  /** abortAll ends every running call, and refuses every later one, with Unavailable. */
  abortAll(): void {
    this.#shutdown = new ConnectError("the server is shutting down, call again", Code.Unavailable);
    for (const context of [...this.#calls]) context.abort(this.#shutdown);
  }
}

/** nodeRequestKey carries the Node request of a call, so the call can be found from its request. */
const nodeRequestKey = createContextKey<NodeRequest | undefined>(undefined);

/** UNFINISHED_CUT is how a call cut by UnfinishedRequests ends (and is logged). */
const UNFINISHED_CUT = new ConnectError(
  "too many requests are waiting for their body; this one waited longest",
  Code.ResourceExhausted,
);

/**
 * UNFINISHED_SHARE is how many unfinished requests one HTTP/2 connection may
 * hold while the server is at its unfinished-request limit; its further
 * streams are refused (REFUSED_STREAM, which clients may retry) before any
 * work is done for them.
 */
const UNFINISHED_SHARE = 8;

/**
 * UnfinishedRequests bounds how many requests may be waiting for the rest of
 * their body at once. connect-es holds about 40 KB per call from the moment it
 * starts (a chain of async generators waiting for the body), so a client that
 * opens streams and never finishes them would grow the heap without limit.
 * At the limit, a new stream on a connection that already holds
 * UNFINISHED_SHARE unfinished requests is refused at once; any other new
 * request gets in by cutting the oldest unfinished one (HTTP/2: RST_STREAM
 * ENHANCE_YOUR_CALM; HTTP/1.1: the connection). A real client's body arrives
 * in milliseconds, so it is almost never the oldest; a request whose body
 * already arrived (or that has none) is never counted.
 */
class UnfinishedRequests {
  // A Set iterates in insertion order: the first entry is the oldest.
  readonly #requests = new Set<NodeRequest>();
  readonly #perConnection = new WeakMap<object, number>();
  constructor(
    readonly max: number,
    readonly calls: InFlightCalls,
  ) {}

  /** admit counts `req` until its body ends or it closes; false: refused (the stream is reset), do not handle it. */
  admit(req: NodeRequest): boolean {
    const bodyless = "stream" in req ? req.stream.endAfterHeaders : req.complete;
    if (bodyless) return true;
    const connection = "stream" in req ? req.stream.session : req.socket;
    const held = (connection && this.#perConnection.get(connection)) ?? 0;
    if (this.#requests.size >= this.max && held >= UNFINISHED_SHARE && "stream" in req) {
      req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return false;
    }
    this.#requests.add(req);
    if (connection) this.#perConnection.set(connection, held + 1);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      this.#requests.delete(req);
      if (connection) this.#perConnection.set(connection, (this.#perConnection.get(connection) ?? 1) - 1);
    };
    req.once("end", done);
    req.once("close", done);
    for (const oldest of this.#requests) {
      if (this.#requests.size <= this.max) break;
      this.#requests.delete(oldest);
      // The call ends with this reason (and is logged with it) rather than with the read error the cut causes.
      this.calls.abortRequest(oldest, UNFINISHED_CUT);
      if ("stream" in oldest) oldest.stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      else oldest.socket.destroy();
    }
    return true;
  }
}

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

/** What failRequest needs of a request and a response, on HTTP/1.1 and HTTP/2 alike. */
type RequestLike = { method?: string | undefined };
type ResponseLike = {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
  destroy(): unknown;
};

/**
 * failRequest answers a request whose handler threw or rejected: 500 with a
 * JSON `internal` error if nothing was sent yet (the stream is reset if it
 * was), and one error log line in the front's shape. It is the safety net
 * under the front (which catches every surface's failure itself) that keeps
 * one bad request from ending the process; the error's text stays in the log.
 */
function failRequest(req: RequestLike, res: ResponseLike, error: unknown): void {
  log("error", "request failed", {
    method: req.method,
    route: "unknown",
    status: 500,
    cause: describeCause(error),
  });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  try {
    res.statusCode = 500;
    res.setHeader("content-type", "application/json");
    res.end('{"code":"internal","message":"internal error"}');
  } catch {
    res.destroy();
  }
}

/**
 * guarded calls `handler` so that a synchronous throw or a rejected promise
 * becomes that request's failure (failRequest) instead of a process crash.
 */
function guarded<Req extends RequestLike, Res extends ResponseLike>(
  handler: (req: Req, res: Res) => unknown,
): (req: Req, res: Res) => void {
  return (req, res) => {
    try {
      const result = handler(req, res);
      if (result instanceof Promise) result.catch((error: unknown) => failRequest(req, res, error));
    } catch (error) {
      failRequest(req, res, error);
    }
  };
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
 * listen serves every surface on one port: gRPC, gRPC-Web, Connect and the
 * plain-HTTP ones, each request entering through the one front (createFront).
 * Cleartext: the first bytes of each connection decide: the HTTP/2 preface
 * goes to the HTTP/2 server (gRPC needs it), anything else to HTTP/1.1. With
 * TLS, ALPN decides.
 */
export async function listen(
  app: App,
  options: {
    port: number;
    host: string;
    tls?: { certFile: string; keyFile: string } | undefined;
    /** Origins allowed to call across origins (LATCHKEY_CORS_ORIGINS); default none. */
    corsOrigins?: readonly string[];
  } & Partial<ConnectionLimits>,
): Promise<ListeningServer> {
  const limits: ConnectionLimits = {
    headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.headersTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.idleTimeoutMs,
    maxConnections: options.maxConnections ?? DEFAULT_CONNECTION_LIMITS.maxConnections,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_CONNECTION_LIMITS.maxConnectionsPerAddress,
    maxStreamsPerConnection: options.maxStreamsPerConnection ?? DEFAULT_CONNECTION_LIMITS.maxStreamsPerConnection,
    maxUnfinishedRequests: options.maxUnfinishedRequests ?? DEFAULT_CONNECTION_LIMITS.maxUnfinishedRequests,
  };
  // Ended with Unavailable when the drain time is up, so streams stop with
  // that status instead of a cut connection.
  const calls = new InFlightCalls();
  const rpcs = createRpcSurface({
    routes: app.routes,
    // Tracked first, so a call refused while shutting down never reaches authentication.
    requestGate: async (context) => {
      calls.gate(context);
      await app.requestGate(context);
    },
    interceptors: app.interceptors,
    readMaxBytes: READ_MAX_BYTES,
    contextValues: (req) =>
      createContextValues().set(peerAddressKey, req.socket.remoteAddress).set(nodeRequestKey, req),
    jsonOptions: STRICT_JSON,
  });
  const handler = guarded(createFront(rpcs, app.http, corsPolicy(options.corsOrigins ?? [])));
  const unfinished = new UnfinishedRequests(limits.maxUnfinishedRequests, calls);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const counted = (req: NodeRequest, res: NodeResponse) => {
    if (!unfinished.admit(req)) return;
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    if (req.httpVersionMajor === 1) closeIfAnsweredEarly(req as http.IncomingMessage, res as http.ServerResponse);
    handler(req, res);
  };

  const admitted = connectionsPerAddress(limits.maxConnectionsPerAddress);
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };

  const onSession = (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    closeWhenIdle(session, limits.idleTimeoutMs);
  };
  const http2Options: http2.ServerOptions = {
    maxSessionMemory: HTTP2_SESSION_MEMORY_MB,
    settings: { maxConcurrentStreams: limits.maxStreamsPerConnection, maxHeaderListSize: MAX_HEADER_BYTES },
  };
  const http1Options: http.ServerOptions = {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(HTTP1_REQUEST_TIMEOUT_MS, limits.headersTimeoutMs),
    keepAliveTimeout: limits.idleTimeoutMs,
    // How often Node looks for requests past their header or request
    // deadline (default 30 s, too coarse for a 10 s deadline).
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };

  let front: net.Server;
  let h1: http.Server | undefined;
  if (options.tls) {
    const secure = http2.createSecureServer(
      {
        ...http2Options,
        ...http1Options,
        cert: readFileSync(options.tls.certFile),
        key: readFileSync(options.tls.keyFile),
        allowHTTP1: true,
        // The TLS handshake and the first request's headers share one deadline.
        handshakeTimeout: limits.headersTimeoutMs,
      },
      counted,
    );
    secure.on("session", onSession);
    // Before the TLS handshake starts: a refused connection costs no crypto.
    secure.prependListener("connection", (socket: net.Socket) => {
      if (!admitted(socket)) socket.destroy();
    });
    secure.on("secureConnection", track);
    front = secure;
  } else {
    const h2 = http2.createServer(http2Options, counted);
    h2.on("session", onSession);
    const plain = http.createServer(http1Options, counted);
    // Node starts its header and request deadline checks when an HTTP server
    // emits `listening`; this one never listens (it gets its sockets from the
    // front by `connection` events), so without this no deadline would apply.
    plain.emit("listening");
    plain.on("clientError", answerClientError);
    h1 = plain;
    front = net.createServer((socket) => {
      if (!admitted(socket)) {
        socket.destroy();
        return;
      }
      track(socket);
      routeByPreface(socket, h2, plain, limits.headersTimeoutMs);
    });
  }
  front.maxConnections = limits.maxConnections;

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
        calls.abortAll();
        await Promise.race([allDone, after(STATUS_GRACE_MS)]);
      }
      // Closed sessions end once their last stream is flushed; cutting them at
      // once could drop a finished call's last bytes.
      h1?.closeIdleConnections();
      await Promise.race([stopped, after(STATUS_GRACE_MS)]);
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      h1?.close();
      await stopped;
    },
  };
}

/**
 * connectionsPerAddress counts open connections by client address: the
 * returned function admits a new connection (and counts it until it closes)
 * unless its address already holds `max`, so one client cannot take every
 * slot of LATCHKEY_MAX_CONNECTIONS (LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS).
 */
function connectionsPerAddress(max: number): (socket: net.Socket) => boolean {
  const open = new Map<string, number>();
  return (socket) => {
    const address = socket.remoteAddress ?? "";
    const held = open.get(address) ?? 0;
    if (held >= max) return false;
    open.set(address, held + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
    return true;
  };
}

/**
 * answerClientError answers a request that Node's HTTP/1.1 parser refuses:
 * 431 for headers over MAX_HEADER_BYTES, 408 for a request past its deadline,
 * 400 for anything else. Node's own answer to some malformed requests is 505,
 * a server error for a client's mistake.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || ("bytesWritten" in socket && socket.bytesWritten !== 0)) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW"
      ? "431 Request Header Fields Too Large"
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
}

/**
 * closeWhenIdle closes an HTTP/2 session (GOAWAY, then the connection) once it
 * has had no open stream for `idleTimeoutMs`, as grpc-go's MaxConnectionIdle
 * does; pings do not keep it open. A session with a stream open is left
 * alone, however quiet: a long server stream waiting on a slow reader is not
 * idle.
 */
function closeWhenIdle(session: http2.ServerHttp2Session, idleTimeoutMs: number): void {
  let openStreams = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => session.close(), idleTimeoutMs).unref();
  };
  arm();
  session.on("stream", (stream) => {
    openStreams++;
    clearTimeout(timer);
    stream.once("close", () => {
      openStreams--;
      if (openStreams === 0 && !session.closed && !session.destroyed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
}

/**
 * routeByPreface hands a cleartext connection to the HTTP/2 or HTTP/1.1 server
 * by its first bytes; a connection that has not shown which within
 * `timeoutMs` (silent, or half a preface) is closed.
 */
function routeByPreface(socket: net.Socket, h2: http2.Http2Server, h1: http.Server, timeoutMs: number): void {
  let buffered = Buffer.alloc(0);
  const deadline = setTimeout(() => socket.destroy(), timeoutMs);
  socket.once("close", () => clearTimeout(deadline));
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const length = Math.min(buffered.length, HTTP2_PREFACE.length);
    const prefaceSoFar = buffered.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
    if (prefaceSoFar && length < HTTP2_PREFACE.length) return;
    clearTimeout(deadline);
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
