import type { Database } from "../db/orm.js";
import { log } from "../log.js";
import type { ScopeUseCaseDeps } from "../use-cases/scopes.js";
import { createConsole } from "./console.js";
import { createHttpEndpoints } from "./endpoints.js";
import type { OAuthDeps } from "./oauth.js";
import { parseRequestTarget } from "./request-target.js";
import { createRestEndpoints, isRestPath } from "./rest/router.js";
import {
  type HttpFallback,
  type NodeServerRequest,
  type NodeServerResponse,
  type RequestRecord,
  sendJson,
} from "./surface.js";

/** FrontDeps are what the plain-HTTP surfaces need besides the database. */
export type FrontDeps = OAuthDeps &
  ScopeUseCaseDeps & {
    /** The built console's directory; undefined: no console. */
    consoleDir: string | undefined;
  };

/**
 * createFront is the one pipeline of every request that is not an RPC (the
 * RPCs go through connect-node with the auth gate and interceptors). It parses
 * the request target once and safely (a target that is not a path is 400),
 * hands the request to its surface — REST (isRestPath: Clerk's `/v1` and `/m2m_tokens`, Bedrock's `/scopes`…), the
 * console for other reads it has a file for, the OAuth/JWKS table for the
 * rest (which answers 404 for what no surface knows) — and writes one log line
 * per request: method, route, status, duration, and the cause of a 5xx.
 * Each surface authenticates through the same throttle, classifies failures
 * through toConnectError, reads bodies of at most 64 KiB and runs under the
 * call's abandon signal. A failure no surface caught is a 500 and a log line,
 * never a crash.
 */
export function createFront(database: Database, deps: FrontDeps): HttpFallback {
  const rest = createRestEndpoints(database, deps);
  const endpoints = createHttpEndpoints(database, deps);
  const other = createConsole(deps.consoleDir, endpoints);
  return (req, res) => {
    const started = performance.now();
    const record: RequestRecord = { route: "unknown" };
    const abandoned = new AbortController();
    res.once("close", () => {
      abandoned.abort();
      logRequest(req, res, record, started);
    });
    const answer = async () => {
      const target = parseRequestTarget(req.url);
      if (target === undefined) {
        sendJson(res, 400, { error: "invalid_request", error_description: "the request target must be a path" });
        return;
      }
      const call = { target, signal: abandoned.signal, record };
      await (isRestPath(target.path) ? rest : other)(req, res, call);
    };
    answer().catch((error: unknown) => {
      record.cause = error;
      if (!res.headersSent) sendJson(res, 500, { error: "server_error" });
      else res.destroy();
    });
  };
}

/**
 * logRequest writes a request's one line once its response closed: an error
 * line for a server-side failure, else an info line (also when the client
 * left before the answer, whatever that made the work fail with); no line
 * for a refusal the throttle summarizes.
 */
function logRequest(req: NodeServerRequest, res: NodeServerResponse, record: RequestRecord, started: number): void {
  if (record.summarized) return;
  const answered = res.writableFinished;
  const fields: Record<string, unknown> = {
    method: req.method,
    route: record.route,
    status: answered ? res.statusCode : "client left",
    duration_ms: Math.round(performance.now() - started),
  };
  const cause = record.cause;
  if (answered && cause !== undefined) {
    fields.cause = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  }
  if (answered && (res.statusCode >= 500 || cause !== undefined)) {
    log("error", "http request failed", fields);
    return;
  }
  log("info", "http request", fields);
}
