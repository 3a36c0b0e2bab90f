import type { Http2ServerRequest, Http2ServerResponse, IncomingHttpHeaders } from "node:http2";
import type { DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError, type ContextValues, createHandlerContext, type MethodImplSpec } from "@connectrpc/connect";
import {
  compressionNegotiate,
  createMethodSerializationLookup,
  invokeUnaryImplementation,
  type MethodSerializationLookup,
  mergeNonProtocolHeaders,
  type UniversalHandlerOptions,
} from "@connectrpc/connect/protocol";
import {
  codeToHttpStatus,
  contentTypeUnaryJson,
  contentTypeUnaryProto,
  errorToJsonBytes,
  headerContentType,
  headerUnaryAcceptEncoding,
  headerUnaryContentLength,
  headerUnaryEncoding,
  parseContentType,
  parseTimeout,
} from "@connectrpc/connect/protocol-connect";
import type { NodeServerRequest } from "./surface.js";

/** ConnectUnaryPost is a request serveConnectUnary serves, and whether its message is binary (else JSON). */
export type ConnectUnaryPost = { req: Http2ServerRequest; binary: boolean };

/**
 * connectUnaryPost tells a Connect unary call sent over HTTP/2 as a POST
 * with an uncompressed body (`application/json` or `application/proto`): the
 * one request shape serveConnectUnary serves. Every other request (HTTP/1.1,
 * gRPC, gRPC-Web, Connect streams, GET, a compressed body) is undefined here
 * and served by connect-es and connect-node as before.
 */
export function connectUnaryPost(req: NodeServerRequest): ConnectUnaryPost | undefined {
  if (!("stream" in req) || req.method !== "POST" || req.headers["content-encoding"] !== undefined) return undefined;
  const type = parseContentType(req.headers["content-type"] ?? null);
  return type === undefined || type.stream ? undefined : { req, binary: type.binary };
}

/** UnaryMethod is what serveConnectUnary needs of one unary RPC: its implementation and connect's handler options for it. */
export type UnaryMethod = {
  spec: MethodImplSpec<DescMessage, DescMessage> & { kind: "unary" };
  options: UniversalHandlerOptions;
  serialization: MethodSerializationLookup<DescMessage, DescMessage>;
};

/** unaryMethod prepares `spec` for serveConnectUnary with the handler options connect would use for it. */
export function unaryMethod(
  spec: MethodImplSpec<DescMessage, DescMessage> & { kind: "unary" },
  options: UniversalHandlerOptions,
): UnaryMethod {
  const serialization = createMethodSerializationLookup(
    spec.method,
    options.binaryOptions,
    options.jsonOptions,
    options,
  );
  return { spec, options, serialization };
}

/**
 * serveConnectUnary answers a Connect unary POST over HTTP/2
 * (connectUnaryPost) as connect-es 2.2's Connect unary handler and
 * connect-node's adapter do together, step for step (the request gate
 * before the body, readMaxBytes, deadlines, response compression, the
 * interceptors, the error body and its HTTP status, trailers as `trailer-`
 * headers), without the parts a single message on HTTP/2 does not need:
 * - the request's headers become one Headers (the call context's), not two;
 *   its URL is parsed once, not twice;
 * - the body is read into one buffer after the gate, not through a chain of
 *   async generators over the Node stream (readBody);
 * - the answer is written with its headers in one `end`, not as an async
 *   iterable awaited chunk by chunk;
 * - the call's signal is not aborted when the stream closes after the answer
 *   was written (callSignal).
 * Everything else (HTTP/1.1, gRPC, gRPC-Web, streams, GET, compressed
 * bodies) is served by connect itself. test/connect-unary-http2.test.ts
 * sends the same requests over both paths and expects the same answers.
 *
 * `url` is the call's URL (connectUnaryUrl).
 */
export async function serveConnectUnary(
  unary: UnaryMethod,
  { req, binary }: ConnectUnaryPost,
  res: Http2ServerResponse,
  url: string,
  contextValues: ContextValues,
): Promise<void> {
  const { spec, options, serialization } = unary;
  const timeout = parseTimeout(header(req.headers, "connect-timeout-ms"), options.maxTimeoutMs);
  const context = createHandlerContext({
    ...spec,
    service: spec.method.parent,
    requestMethod: "POST",
    protocolName: "connect",
    timeoutMs: timeout.timeoutMs,
    shutdownSignal: options.shutdownSignal,
    requestSignal: callSignal(req, res),
    requestHeader: requestHeaders(req.headers),
    url,
    responseHeader: { [headerContentType]: binary ? contentTypeUnaryProto : contentTypeUnaryJson },
    contextValues,
  });
  const compression = compressionNegotiate(
    options.acceptCompression,
    null,
    header(req.headers, "accept-encoding"),
    headerUnaryAcceptEncoding,
  );
  let status = 200;
  let body: Uint8Array;
  try {
    // The gate runs before the body is read, so that a request it refuses is never read or parsed.
    if (options.requestGate !== undefined) await options.requestGate(context);
    if (compression.error) throw compression.error;
    if (timeout.error) throw timeout.error;
    const input = serialization.getI(binary).parse(await readBody(req, options.readMaxBytes));
    const output = await invokeUnaryImplementation(spec, context, input, options.interceptors);
    body = serialization.getO(binary).serialize(output);
  } catch (e) {
    context.abort(e);
    const error =
      e instanceof ConnectError ? e : new ConnectError("internal error", Code.Internal, undefined, undefined, e);
    status = codeToHttpStatus(error.code);
    context.responseHeader.set(headerContentType, contentTypeUnaryJson);
    // The metadata of an error read from another server's answer is not relayed.
    if (!error.isWireError) mergeNonProtocolHeaders(context.responseHeader, error.metadata);
    body = errorToJsonBytes(error, options.jsonOptions);
  } finally {
    context.abort();
  }
  if (compression.response && body.byteLength >= options.compressMinBytes) {
    body = await compression.response.compress(body);
    context.responseHeader.set(headerUnaryEncoding, compression.response.name);
  }
  const headers: Record<string, string | string[]> = {};
  context.responseHeader.forEach((value, name) => {
    addHeader(headers, name, value);
  });
  // Connect carries a unary call's trailers as headers named `trailer-…`.
  context.responseTrailer.forEach((value, name) => {
    addHeader(headers, `trailer-${name}`, value);
  });
  headers[headerUnaryContentLength.toLowerCase()] = String(body.byteLength);
  res.writeHead(status, headers);
  res.end(body);
}

/** connectUnaryUrl is the call's URL, as connect-node makes it; throws without a valid authority. */
export function connectUnaryUrl(req: Http2ServerRequest): string {
  // Optional at run time whatever Node's types say: an HTTP/2 request may have neither :authority nor Host.
  const authority: string | undefined = req.authority;
  if (authority === undefined) throw new ConnectError("the request has no authority", Code.InvalidArgument);
  const scheme = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  return new URL(req.url, `${scheme}://${authority}`).toString();
}

/** header is one request header's value as a fetch Headers gives it (repeated values joined), or null. */
function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.join(", ");
}

/** requestHeaders is the request's headers without HTTP/2's pseudo-headers, for the call context's Headers. */
function requestHeaders(headers: IncomingHttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in headers) {
    if (name.charCodeAt(0) === 0x3a /* ":" */) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === "string") pairs.push([name, value]);
    else for (const one of value) pairs.push([name, one]);
  }
  return pairs;
}

/** addHeader adds a response header for Node, a repeated one as a list (as connect-node does). */
function addHeader(headers: Record<string, string | string[]>, name: string, value: string): void {
  const earlier = headers[name];
  headers[name] = earlier === undefined ? value : [earlier, value].flat();
}

/**
 * callSignal is connect-node's signal for an HTTP/2 call: it aborts when the
 * stream closes, with connect's error for a reset code it maps, else with an
 * AbortError; but not once the response has been written: the call ended
 * before that (its context aborted when its handler returned) and nothing
 * listens any more, so the DOMException that abort would make is not made.
 */
function callSignal(req: Http2ServerRequest, res: Http2ServerResponse): AbortSignal {
  const controller = new AbortController();
  req.once("close", () => {
    if (res.writableFinished) return;
    controller.abort(resetError(req.stream.rstCode) ?? new DOMException("This operation was aborted", "AbortError"));
  });
  return controller.signal;
}

/** RESET_CODES is connect-node's Code for each HTTP/2 reset code it maps (NO_ERROR and STREAM_CLOSED are not). */
const RESET_CODES: ReadonlyMap<number, [string, Code]> = new Map([
  [0x1, ["PROTOCOL_ERROR", Code.Internal]],
  [0x2, ["INTERNAL_ERROR", Code.Internal]],
  [0x3, ["FLOW_CONTROL_ERROR", Code.Internal]],
  [0x4, ["SETTINGS_TIMEOUT", Code.Internal]],
  [0x6, ["FRAME_SIZE_ERROR", Code.Internal]],
  [0x7, ["REFUSED_STREAM", Code.Unavailable]],
  [0x8, ["CANCEL", Code.Canceled]],
  [0x9, ["COMPRESSION_ERROR", Code.Internal]],
  [0xa, ["CONNECT_ERROR", Code.Internal]],
  [0xb, ["ENHANCE_YOUR_CALM", Code.ResourceExhausted]],
  [0xc, ["INADEQUATE_SECURITY", Code.PermissionDenied]],
  [0xd, ["HTTP_1_1_REQUIRED", Code.PermissionDenied]],
]);

/** resetError is connect-node's error for an HTTP/2 stream reset with `rstCode` (isResetByClient knows its message). */
function resetError(rstCode: number): ConnectError | undefined {
  const known = RESET_CODES.get(rstCode);
  if (known === undefined) return undefined;
  return new ConnectError(`http/2 stream closed with error code ${known[0]} (0x${rstCode.toString(16)})`, known[1]);
}

/**
 * readBody reads a request body in full, as connect's readAllBytes does: a
 * declared length over readMaxBytes is refused before reading, and more or
 * fewer bytes than declared is a protocol error; without a declared length,
 * the body is cut as soon as it passes readMaxBytes.
 */
function readBody(req: Http2ServerRequest, readMaxBytes: number): Promise<Uint8Array> {
  const declared = req.headers["content-length"];
  const length = declared === undefined ? Number.NaN : Number.parseInt(declared, 10);
  const known = Number.isSafeInteger(length) && length >= 0;
  if (known && length > readMaxBytes) {
    return Promise.reject(
      new ConnectError(
        `message size ${length} is larger than configured readMaxBytes ${readMaxBytes}`,
        Code.ResourceExhausted,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", fail);
      req.off("close", onClose);
    };
    const fail = (error: unknown) => {
      stop();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (known && received > length) {
        fail(new ConnectError(`protocol error: promised ${length} bytes, received ${received}`, Code.InvalidArgument));
        req.destroy();
      } else if (!known && received > readMaxBytes) {
        fail(
          new ConnectError(
            `message size is larger than configured readMaxBytes ${readMaxBytes}`,
            Code.ResourceExhausted,
          ),
        );
        // As connect's read of the body ends: the request is destroyed (on HTTP/2 that leaves the stream alone).
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      stop();
      if (known && received < length) {
        reject(
          new ConnectError(`protocol error: promised ${length} bytes, received ${received}`, Code.InvalidArgument),
        );
        return;
      }
      // Used as it is: a view of a buffer Node read the frame into and never reuses (no request has bytes fields to keep it).
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    };
    // A stream that closes before its end (a reset, a lost connection) fails like connect's read of it.
    const onClose = () => fail(new ConnectError("the request body ended early", Code.Canceled));
    // Gone before connect asked for the body (the stream closed while the gate ran): nothing will arrive.
    if (req.destroyed || req.readableEnded) {
      reject(new ConnectError("the request body ended early", Code.Canceled));
      return;
    }
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", fail);
    req.once("close", onClose);
  });
}
