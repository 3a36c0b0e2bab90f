import { authenticateBearer } from "../../db/authenticate.js";
import { runWithCallSignal } from "../../db/call-signal.js";
import type { Database } from "../../db/orm.js";
import { isSummarizedRefusal, UnauthenticatedError } from "../../domain/errors.js";
import { decodePathSegment } from "../request-target.js";
import { type Surface, sendJson } from "../surface.js";
import { RestError, toRestError } from "./errors.js";
import { machineRoutes } from "./machines.js";
import { Params, readJsonObject } from "./request.js";
import type { RestDeps, RestRoute } from "./route.js";
import { tokenRoutes } from "./tokens.js";

/** isRestPath tells whether a path belongs to the REST API: `/v1/…` and `/m2m_tokens/…`. */
export function isRestPath(path: string): boolean {
  return /^\/(?:v1|m2m_tokens)(?:\/|$)/.test(path);
}

const NO_STORE = { "cache-control": "no-store" };

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
 * error mapped by toRestError (the front writes the log line).
 */
export function createRestEndpoints(database: Database, deps: RestDeps): Surface {
  const routes = [...machineRoutes(deps), ...tokenRoutes(deps)].map(compile);
  return async (req, res, { target, signal, record }) => {
    try {
      const { route: found, params } = find(routes, req.method ?? "GET", target.path);
      record.route = `${found.method} ${found.path}`;
      const db = database.fork();
      const principal = await deps.throttle.check(
        req.socket.remoteAddress,
        signal,
        () => authenticateBearer(db, deps.credentials, req.headers.authorization),
        (error) => error instanceof UnauthenticatedError,
      );
      const body =
        found.bodyFields === undefined ? Params.body({}, []) : Params.body(await readJsonObject(req), found.bodyFields);
      const call = { db, principal, params, query: Params.query(target.query), body, signal };
      const reply = await runWithCallSignal(signal, () => found.handle(call));
      sendJson(res, reply.status, reply.body, NO_STORE);
    } catch (error) {
      const failure = toRestError(error);
      if (failure.status >= 500) record.cause = failure.cause;
      record.summarized = isSummarizedRefusal(error);
      sendJson(res, failure.status, failure.body, { ...NO_STORE, ...failure.headers });
    }
  };
}
