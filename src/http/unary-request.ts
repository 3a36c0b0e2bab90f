import type { Http2ServerRequest, Http2ServerResponse, IncomingHttpHeaders } from "node:http2";
import { Code, ConnectError, type ContextValues } from "@connectrpc/connect";
import type { UniversalServerRequest, UniversalServerResponse } from "@connectrpc/connect/protocol";
import { parseContentType } from "@connectrpc/connect/protocol-connect";
import type { NodeServerRequest, NodeServerResponse } from "./surface.js";

/**
 * isConnectUnaryPost tells a Connect unary call sent over HTTP/2 as a POST
 * with an uncompressed body (`application/json` or `application/proto`): the
 * one request shape unaryRequest serves. Every other request (HTTP/1.1, gRPC,
 * gRPC-Web, Connect streams, GET, a compressed body) goes through
 * connect-node's own universalRequestFromNodeRequest unchanged.
 */
export function isConnectUnaryPost(req: NodeServerRequest): req is Http2ServerRequest {
  if (!("stream" in req) || req.method !== "POST" || req.headers["content-encoding"] !== undefined) return false;
  const type = parseContentType(req.headers["content-type"] ?? null);
  return type !== undefined && !type.stream;
}

/**
 * unaryRequest is connect-node's `universalRequestFromNodeRequest` for a
 * Connect unary POST over HTTP/2 (isConnectUnaryPost), without the work a
 * unary call does not need:
 * - The body is not a chain of async generators over the Node stream but one
 *   promise of all its bytes, read only when connect awaits it (after the
 *   request gate, so a refused call is still never read): connect's unary
 *   handler takes a body that is not an async iterable as already read. Its
 *   limits and errors are connect's own (readBody).
 * - The call's signal is not aborted when the stream closes after the answer
 *   was written: the call ended before that (connect aborts its context when
 *   the handler returns) and nothing listens any more, so the `DOMException`
 *   that abort would make is not made. A stream that closes before the answer
 *   aborts it exactly as connect-node does.
 *
 * Throws when the request has no valid authority (connect needs a URL).
 */
export function unaryRequest(
  req: Http2ServerRequest,
  res: NodeServerResponse,
  readMaxBytes: number,
  contextValues: ContextValues,
): UniversalServerRequest {
  // Optional at run time whatever Node's types say: an HTTP/2 request may have neither :authority nor Host.
  const authority: string | undefined = req.authority;
  if (authority === undefined) throw new ConnectError("the request has no authority", Code.InvalidArgument);
  const scheme = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  let read: Promise<Uint8Array> | undefined;
  const body: PromiseLike<Uint8Array> = {
    // biome-ignore lint/suspicious/noThenProperty: a lazy thenable on purpose: connect awaits the body after the request gate.
    then: (onRead, onFailed) => {
      read ??= readBody(req, readMaxBytes);
      return read.then(onRead, onFailed);
    },
  };
  return {
    httpVersion: req.httpVersion,
    method: "POST",
    url: new URL(req.url, `${scheme}://${authority}`).toString(),
    header: webHeaders(req.headers),
    // connect's types call a body that is not an async iterable "parsed JSON"; its unary handler awaits it.
    body: body as unknown as UniversalServerRequest["body"],
    signal: callSignal(req, res),
    contextValues,
  };
}

/**
 * writeUnaryResponse is connect-node's `universalResponseToNodeResponse` for
 * the answer to a unaryRequest: connect's unary handler answers with one
 * message and no trailers, written here with the headers in a single `end`
 * rather than a write awaited on listeners and then an end. A write to a
 * stream the client has reset fails inside Node (the stream is destroyed),
 * as connect-node's does, and the call's signal already tells the log.
 */
export async function writeUnaryResponse(response: UniversalServerResponse, res: Http2ServerResponse): Promise<void> {
  const chunks: Uint8Array[] = [];
  if (response.body !== undefined) for await (const chunk of response.body) chunks.push(chunk);
  const headers: Record<string, string | string[]> = {};
  response.header?.forEach((value, name) => {
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : [earlier, value].flat();
  });
  res.writeHead(response.status, headers);
  if (response.trailer !== undefined) res.addTrailers(Object.fromEntries(response.trailer));
  res.end(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks));
}

/** webHeaders is the request's headers as a fetch Headers, without HTTP/2's pseudo-headers. */
function webHeaders(headers: IncomingHttpHeaders): Headers {
  const web = new Headers();
  for (const name in headers) {
    if (name.charCodeAt(0) === 0x3a /* ":" */) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === "string") web.append(name, value);
    else for (const one of value) web.append(name, one);
  }
  return web;
}

/**
 * callSignal is connect-node's signal for an HTTP/2 call: it aborts when the
 * stream closes, with connect's error for a reset code it maps, else with an
 * AbortError; but not once the response has been written (see unaryRequest).
 */
function callSignal(req: Http2ServerRequest, res: NodeServerResponse): AbortSignal {
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
    const fail = (error: unknown) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", fail);
      req.off("close", onClose);
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
      req.off("data", onData);
      req.off("error", fail);
      req.off("close", onClose);
      if (known && received < length) {
        reject(
          new ConnectError(`protocol error: promised ${length} bytes, received ${received}`, Code.InvalidArgument),
        );
        return;
      }
      // A copy, as connect makes: a parsed message may hold views of these bytes, never of Node's buffers.
      const all = new Uint8Array(received);
      let offset = 0;
      for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(all);
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
