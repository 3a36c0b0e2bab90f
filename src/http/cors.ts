import type http from "node:http";
import type http2 from "node:http2";
import { cors } from "@connectrpc/connect";

type NodeRequest = http.IncomingMessage | http2.Http2ServerRequest;
type NodeResponse = http.ServerResponse | http2.Http2ServerResponse;

/** CORS_ALLOWED_METHODS are the methods Connect, gRPC-Web and the GET form of read-only RPCs use. */
export const CORS_ALLOWED_METHODS: readonly string[] = cors.allowedMethods;

/** CORS_ALLOWED_HEADERS are Connect's request headers plus `authorization` for the bearer key. */
export const CORS_ALLOWED_HEADERS: readonly string[] = [...cors.allowedHeaders, "authorization"].map((name) =>
  name.toLowerCase(),
);

/** CORS_EXPOSED_HEADERS are Connect's response headers plus `latchkey-error-reason` and `retry-after` (a throttled caller's wait). */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  ...cors.exposedHeaders,
  "latchkey-error-reason",
  "retry-after",
].map((name) => name.toLowerCase());

/** CORS_MAX_AGE_SECONDS is how long a browser may cache a preflight answer (2 hours, Chromium's cap). */
export const CORS_MAX_AGE_SECONDS = 7200;

/**
 * CorsPolicy applies the CORS rules to a request before it is routed; true:
 * it answered the request (a preflight), nothing more to do.
 */
export type CorsPolicy = (req: NodeRequest, res: NodeResponse) => boolean;

/**
 * corsPolicy lets browser pages served from `allowedOrigins` (exact
 * `scheme://host[:port]` strings, LATCHKEY_CORS_ORIGINS) call the RPCs.
 *
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
 *   from an allowed origin is answered 204 with Connect's header lists; from any
 *   other origin 403 with no CORS headers, so the browser blocks the call.
 * - Any other request from an allowed origin gets `Access-Control-Allow-Origin`
 *   (that origin, never `*`) and the exposed headers; other requests pass through
 *   untouched. Credentials are bearer headers, never cookies, so
 *   `Access-Control-Allow-Credentials` is not sent.
 *
 * With no allowed origins it does nothing: only same-origin pages (the
 * console served at `/`) can call.
 */
export function corsPolicy(allowedOrigins: readonly string[]): CorsPolicy {
  if (allowedOrigins.length === 0) return () => false;
  const allowed = new Set(allowedOrigins);
  return (req, res) => {
    const origin = req.headers.origin;
    res.setHeader("vary", "Origin");
    const isPreflight =
      req.method === "OPTIONS" && origin !== undefined && req.headers["access-control-request-method"];
    if (isPreflight) {
      if (!allowed.has(origin)) {
        res.statusCode = 403;
        res.end();
        return true;
      }
      res.statusCode = 204;
      res.setHeader("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-allow-methods", CORS_ALLOWED_METHODS.join(", "));
      res.setHeader("access-control-allow-headers", CORS_ALLOWED_HEADERS.join(", "));
      res.setHeader("access-control-max-age", String(CORS_MAX_AGE_SECONDS));
      res.end();
      return true;
    }
    if (origin !== undefined && allowed.has(origin)) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-expose-headers", CORS_EXPOSED_HEADERS.join(", "));
    }
    return false;
  };
}
