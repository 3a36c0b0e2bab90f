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
 * path, which could hold anything a client sent) and, for a 5xx, the cause.
 */
export type RequestRecord = { route: string; cause?: unknown };

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
