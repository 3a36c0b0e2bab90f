import type { connectNodeAdapter } from "@connectrpc/connect-node";
import type { RequestTarget } from "./request-target.js";

/** HttpFallback is a Node request handler: what connect-node's adapter calls for every request that is not an RPC. */
export type HttpFallback = NonNullable<Parameters<typeof connectNodeAdapter>[0]["fallback"]>;
/** NodeServerRequest is an HTTP/1.1 or HTTP/2 request as the front receives it. */
export type NodeServerRequest = Parameters<HttpFallback>[0];
/** NodeServerResponse is the matching response. */
export type NodeServerResponse = Parameters<HttpFallback>[1];

/**
 * RequestRecord is what a surface tells the front about a request it
 * answered, for the request's one log line: the route template (never the raw
 * path, which could hold anything a client sent), for a 5xx the cause, and
 * `summarized` for a refusal the bad-secret throttle counts in its summary
 * line instead (isSummarizedRefusal): such a request gets no line of its own.
 */
export type RequestRecord = { route: string; cause?: unknown; summarized?: boolean };

/** FrontCall is what the front hands a surface with each request. */
export type FrontCall = {
  /** The parsed request target. */
  target: RequestTarget;
  /** Aborted when the client goes away; surfaces run their work under it (runWithCallSignal). */
  signal: AbortSignal;
  /** Filled by the surface for the request's log line. */
  record: RequestRecord;
};

/**
 * Surface answers the requests of one API surface (REST, OAuth and JWKS, the
 * console) in its own wire shape; it may reject only with a failure it could
 * not answer itself.
 */
export type Surface = (req: NodeServerRequest, res: NodeServerResponse, call: FrontCall) => Promise<void>;

/** sendJson answers with a JSON body; every plain-HTTP surface sends through it. */
export function sendJson(
  res: NodeServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify(body));
}

/** BODY_MAX_BYTES bounds a plain-HTTP request body (REST JSON, OAuth form; the largest real one, 150 scoped machines, is about 5 KB). */
export const BODY_MAX_BYTES = 64 * 1024;

/** BodyTooLargeError is a body over BODY_MAX_BYTES; each surface answers it 413 in its own shape. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`the body must be at most ${BODY_MAX_BYTES} bytes`);
  }
}

/**
 * readBody reads a plain-HTTP request body as UTF-8 text, refusing it with
 * BodyTooLargeError as soon as it passes BODY_MAX_BYTES (the rest is not
 * read; the connection layer closes an HTTP/1.1 connection answered early).
 */
export async function readBody(req: NodeServerRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_MAX_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
