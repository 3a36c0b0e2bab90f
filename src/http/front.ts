import { Code } from "@connectrpc/connect";
import type { Database } from "../db/orm.js";
import { isSummarizedRefusal } from "../domain/errors.js";
import { callOutcome, describeCause, isServerFault } from "../interceptors/errors.js";
import { log } from "../log.js";
import type { ScopeUseCaseDeps } from "../use-cases/scopes.js";
import { createConsole } from "./console.js";
import type { CorsPolicy } from "./cors.js";
import { createHttpEndpoints } from "./endpoints.js";
import type { OAuthDeps } from "./oauth.js";
import { parseRequestTarget } from "./request-target.js";
import { createRestEndpoints, isRestPath } from "./rest/router.js";
import type { RpcSurface } from "./rpc.js";
import {
  type NodeHandler,
  type NodeServerRequest,
  type NodeServerResponse,
  type RequestRecord,
  type Surface,
  sendJson,
} from "./surface.js";

/** HttpSurfaceDeps are what the plain-HTTP surfaces need besides the database. */
export type HttpSurfaceDeps = OAuthDeps &
  ScopeUseCaseDeps & {
    /** The built console's directory; undefined: no console. */
    consoleDir: string | undefined;
  };

/**
 * createHttpSurfaces answers every request that is not an RPC: REST under
 * `/v1` and `/m2m_tokens`, the console for other reads it has a file for, the
 * OAuth/JWKS table for the rest (which answers 404 for what no surface knows).
 * Each surface authenticates through the same throttle, classifies failures
 * through toConnectError, reads bodies of at most 64 KiB and runs under the
 * call's abandon signal.
 */
export function createHttpSurfaces(database: Database, deps: HttpSurfaceDeps): Surface {
  const rest = createRestEndpoints(database, deps);
  const other = createConsole(deps.consoleDir, createHttpEndpoints(database, deps));
  return (req, res, call) => (isRestPath(call.target.path) ? rest : other)(req, res, call);
}

/**
 * createFront is the one entry of every request, RPC or not. It applies
 * `cors` (a preflight is answered there), parses the request target once and
 * safely (a target that is not a path is 400), then routes: a procedure of a registered service (`/<package.Service>/<Method>`)
 * to `rpcs` (Connect, gRPC, gRPC-Web: authentication before the body, the
 * call's deadline, connect's body limit), anything else to `http`, run under
 * an abandon signal that aborts when the client goes away. When the response
 * closes it writes the request's one log line, the same for both: method,
 * route (a template or procedure, never the raw path), HTTP status, an RPC's
 * code, duration, and the cause of a server failure. A failure no surface
 * caught is a 500 and a log line, never a crash.
 */
export function createFront(rpcs: RpcSurface, http: Surface, cors: CorsPolicy): NodeHandler {
  return (req, res) => {
    const started = performance.now();
    const record: RequestRecord = { route: "unknown" };
    res.once("close", () => logRequest(req, res, record, started));
    if (cors(req, res)) {
      record.route = "CORS preflight";
      return;
    }
    const target = parseRequestTarget(req.url);
    if (target === undefined) {
      sendJson(res, 400, { error: "invalid_request", error_description: "the request target must be a path" });
      return;
    }
    const procedure = rpcs.find(target.path);
    if (procedure !== undefined) {
      record.route = `${req.method} ${procedure.requestPath}`;
      rpcs.serve(procedure, req, res, record);
      return;
    }
    const abandoned = new AbortController();
    res.once("close", () => abandoned.abort());
    const call = { target, signal: abandoned.signal, record };
    // async, so that a surface that throws at once fails like one that rejects.
    const answer = async () => http(req, res, call);
    answer().catch((error: unknown) => {
      record.cause = error;
      if (!res.headersSent) sendJson(res, 500, { error: "server_error" });
      else res.destroy();
    });
  };
}

/**
 * logRequest writes a request's one line once its response closed. An RPC's
 * line has its code (callOutcome) and is an error line for a server fault
 * (Internal, Unavailable, a data exception). Another request's line is an
 * error line for a 5xx or a failure its surface recorded; a client that left
 * before the answer makes an info line, whatever that made the work fail with.
 * A refusal the throttle summarizes (isSummarizedRefusal) gets no line.
 */
function logRequest(req: NodeServerRequest, res: NodeServerResponse, record: RequestRecord, started: number): void {
  if (record.summarized) return;
  const answered = res.writableFinished;
  const fields: Record<string, unknown> = {
    method: req.method,
    route: record.route,
    status: answered ? res.statusCode : "client left",
  };
  let cause = record.cause;
  let failed = answered && (res.statusCode >= 500 || cause !== undefined);
  if (record.rpcSignal !== undefined) {
    const outcome = callOutcome(record.rpcSignal, answered);
    if (isSummarizedRefusal(outcome?.cause)) return;
    fields.code = outcome === undefined ? "ok" : Code[outcome.code];
    if (outcome !== undefined && isServerFault(outcome)) cause ??= outcome;
    failed = cause !== undefined;
  }
  fields.duration_ms = Math.round(performance.now() - started);
  if (failed && cause !== undefined) fields.cause = describeCause(cause);
  log(failed ? "error" : "info", failed ? "request failed" : "request", fields);
}
