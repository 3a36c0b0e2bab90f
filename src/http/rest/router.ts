import { authenticateBearer } from "../../db/authenticate.js";
import { runWithCallSignal } from "../../db/call-signal.js";
import type { Database } from "../../db/orm.js";
import { isSummarizedRefusal, UnauthenticatedError } from "../../domain/errors.js";
import { decodePathSegment } from "../request-target.js";
import { type NodeServerRequest, type Surface, sendJson } from "../surface.js";
import { isBedrockPath, scopeModelRoutes } from "./bedrock.js";
import { bedrockErrorBody, RestError, toRestError } from "./errors.js";
import { machineRoutes } from "./machines.js";
import { Params, readJsonArray, readJsonObject } from "./request.js";
import type { RestDeps, RestRoute } from "./route.js";
import { tokenRoutes } from "./tokens.js";

/** isRestPath tells whether a path belongs to a REST API: Clerk's (`/v1/…`, `/m2m_tokens/…`) or Bedrock's. */
export function isRestPath(path: string): boolean {
  return /^\/(?:v1|m2m_tokens)(?:\/|$)/.test(path) || isBedrockPath(path);
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

/** readRequestBody reads the body a route takes: an object of bodyFields, an array of bodyItemFields, or none. */
async function readRequestBody(req: NodeServerRequest, route: RestRoute): Promise<{ body: Params; items: Params[] }> {
  if (route.bodyItemFields !== undefined) {
    const fields = route.bodyItemFields;
    const items = (await readJsonArray(req)).map((item, index) => Params.body(item, fields, `[${index}].`));
    return { body: Params.body({}, []), items };
  }
  if (route.bodyFields === undefined) return { body: Params.body({}, []), items: [] };
  return { body: Params.body(await readJsonObject(req), route.bodyFields), items: [] };
}

/**
 * createRestEndpoints serves, as plain HTTP + JSON, the reference (Clerk)
 * Backend API's Machines and M2M token endpoints and the Bedrock API's scope
 * model (its paths, camelCase, and the error body of bedrockErrorBody), from
 * the same use cases, repositories and domain rules as the Connect services.
 * Each request: find the route (404 or 405 first, so unknown paths need no
 * key), authenticate the bearer key (401; 429 with Retry-After once the
 * client's address spent its bad-key budget), refuse query parameters the
 * route does not take (when it lists them), read and bound the JSON body, run
 * the handler (its transactions roll back if the client left:
 * runWithCallSignal), and send its reply, or the error mapped by toRestError
 * (the front writes the log line).
 */
export function createRestEndpoints(database: Database, deps: RestDeps): Surface {
  const routes = [...machineRoutes(deps), ...tokenRoutes(deps), ...scopeModelRoutes(deps)].map(compile);
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
      const query =
        found.queryFields === undefined
          ? Params.query(target.query)
          : Params.strictQuery(target.query, found.queryFields);
      const { body, items } = await readRequestBody(req, found);
      const call = { db, principal, params, query, body, items, signal };
      const reply = await runWithCallSignal(signal, () => found.handle(call));
      sendJson(res, reply.status, reply.body, NO_STORE);
    } catch (error) {
      const failure = toRestError(error);
      if (failure.status >= 500) record.cause = failure.cause;
      record.summarized = isSummarizedRefusal(error);
      const body = isBedrockPath(target.path) ? bedrockErrorBody(failure) : failure.body;
      sendJson(res, failure.status, body, { ...NO_STORE, ...failure.headers });
    }
  };
}
