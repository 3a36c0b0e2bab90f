import { authenticateBearer } from "../../db/authenticate.js";
import { runWithCallSignal } from "../../db/call-signal.js";
import type { Database } from "../../db/orm.js";
import { UnauthenticatedError } from "../../domain/errors.js";
import { log } from "../../log.js";
import type { HttpFallback } from "../endpoints.js";
import { decodePathSegment, parseRequestTarget } from "../request-target.js";
import { RestError, toRestError } from "./errors.js";
import { machineRoutes } from "./machines.js";
import { Params, readJsonObject } from "./request.js";
import type { RestDeps, RestReply, RestRoute } from "./route.js";
import { tokenRoutes } from "./tokens.js";

type NodeServerRequest = Parameters<HttpFallback>[0];
type NodeServerResponse = Parameters<HttpFallback>[1];

/** isRestPath tells whether a path belongs to the REST API: `/v1/…` and `/m2m_tokens/…`. */
export function isRestPath(path: string): boolean {
  return /^\/(?:v1|m2m_tokens)(?:\/|$)/.test(path);
}

function send(res: NodeServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify(body));
}

/** compile turns a route's path template into a pattern whose groups are the `{…}` segments. */
function compile(route: RestRoute): { route: RestRoute; pattern: RegExp } {
  const parts = route.path.split(/\{[a-z0-9_]+\}/);
  if (parts.some((part) => /[{}]/.test(part))) throw new Error(`malformed route template ${route.path}`);
  const segments = parts.map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
  return { route, pattern: new RegExp(`^${route.alsoUnderV1 ? "(?:/v1)?" : ""}${segments.join("([^/]+)")}$`) };
}

/** find returns the endpoint for a method and path, or throws the reference's 404 (or a 405). */
function find(
  routes: { route: RestRoute; pattern: RegExp }[],
  method: string,
  path: string,
): { route: RestRoute; params: string[] } {
  const matches = routes.flatMap(({ route, pattern }) => {
    const match = pattern.exec(path);
    return match === null ? [] : [{ route, params: match.slice(1) }];
  });
  const found = matches.find((m) => m.route.method === method);
  if (found !== undefined) return { route: found.route, params: found.params.map(decodePathSegment) };
  if (matches.length === 0) {
    throw new RestError(404, "resource_not_found", "not found", `there is no endpoint ${path}`);
  }
  const allowed = matches.map((m) => m.route.method).join(", ");
  throw new RestError(405, "method_not_allowed", "method not allowed", `${path} allows ${allowed}`, { allow: allowed });
}

/**
 * createRestEndpoints serves the reference (Clerk) Backend API's Machines and
 * M2M token endpoints as plain HTTP + JSON, from the same repositories and
 * domain rules as the Connect services. Each request: find the route (404 or
 * 405 first, so unknown paths need no key), authenticate the bearer key (401;
 * 429 with Retry-After once the client's address spent its bad-key budget),
 * read and bound the JSON body, run the handler (its transactions roll back
 * if the client left: runWithCallSignal), and send its reply, or the
 * error mapped by toRestError. One log line per request.
 */
export function createRestEndpoints(database: Database, deps: RestDeps): HttpFallback {
  const routes = [...machineRoutes(deps), ...tokenRoutes(deps)].map(compile);
  return (req: NodeServerRequest, res: NodeServerResponse) => {
    const started = performance.now();
    const target = parseRequestTarget(req.url) ?? { path: "/", query: new URLSearchParams() };
    const method = req.method ?? "GET";
    const aborted = new AbortController();
    res.once("close", () => aborted.abort());
    // The log names the route's template, never the raw path, which could hold anything a client sent.
    let endpoint = "unknown";
    (async (): Promise<RestReply> => {
      const { route: found, params } = find(routes, method, target.path);
      endpoint = `${found.method} ${found.path}`;
      const db = database.fork();
      const principal = await deps.throttle.check(
        req.socket.remoteAddress,
        aborted.signal,
        () => authenticateBearer(db, deps.credentials, req.headers.authorization),
        (error) => error instanceof UnauthenticatedError,
      );
      const body =
        found.bodyFields === undefined ? Params.body({}, []) : Params.body(await readJsonObject(req), found.bodyFields);
      const call = { db, principal, params, query: Params.query(target.query), body, signal: aborted.signal };
      return runWithCallSignal(aborted.signal, () => found.handle(call));
    })().then(
      (reply) => {
        send(res, reply.status, reply.body);
        log("info", "rest call", {
          endpoint,
          status: reply.status,
          duration_ms: Math.round(performance.now() - started),
        });
      },
      (error: unknown) => {
        const failure = toRestError(error);
        send(res, failure.status, failure.body, failure.headers);
        const fields: Record<string, unknown> = {
          endpoint,
          status: failure.status,
          duration_ms: Math.round(performance.now() - started),
        };
        if (failure.status >= 500) {
          const cause = failure.cause;
          fields.cause = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
          log("error", "rest call failed", fields);
          return;
        }
        log("info", "rest call", fields);
      },
    );
  };
}
