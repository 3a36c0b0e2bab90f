import { runWithCallSignal } from "../db/call-signal.js";
import type { Database } from "../db/orm.js";
import { isSummarizedRefusal } from "../domain/errors.js";
import { ID_PREFIX, isSortableId } from "../domain/ids.js";
import type { PublicCaller } from "../use-cases/caller.js";
import { createSigningKeyUseCases } from "../use-cases/signing-keys.js";
import {
  createOAuthEndpoints,
  metadata,
  type OAuthDeps,
  OAuthError,
  type OAuthReply,
  type OAuthRequest,
  oauthFailure,
} from "./oauth.js";
import { decodePathSegment } from "./request-target.js";
import { type NodeServerRequest, type NodeServerResponse, readBody, type Surface, sendJson } from "./surface.js";

type Route = {
  method: "GET" | "POST";
  /** The path with `{name}` for each variable segment; used in logs. */
  path: string;
  pattern: RegExp;
  /** Answers the request; `params` are the pattern's groups, decoded. */
  handle(caller: PublicCaller, params: string[], request: OAuthRequest): Promise<OAuthReply>;
};

function send(res: NodeServerResponse, reply: OAuthReply): void {
  sendJson(res, reply.status, reply.body, reply.headers);
}

async function readForm(req: NodeServerRequest): Promise<URLSearchParams> {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim();
  if (type !== "application/x-www-form-urlencoded") {
    throw new OAuthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  }
  return new URLSearchParams(await readBody(req));
}

/**
 * createHttpEndpoints answers the standard HTTP endpoints that are not RPCs:
 *
 * - `GET /instances/{id}/.well-known/jwks.json` — the instance's JWT public keys
 * - `GET /instances/{id}/.well-known/oauth-authorization-server` and
 *   `GET /.well-known/oauth-authorization-server/instances/{id}` — RFC 8414 metadata
 * - `POST /oauth/token` — client credentials grant (RFC 6749 §4.4)
 * - `POST /oauth/introspect` — token introspection (RFC 7662)
 *
 * Errors use the OAuth JSON form `{error, error_description}` (oauthFailure);
 * a path no surface knows is 404 here.
 */
export function createHttpEndpoints(database: Database, deps: OAuthDeps): Surface {
  const { publicUrl } = deps;
  const signingKeys = createSigningKeyUseCases(deps);
  const oauth = createOAuthEndpoints(deps);
  const noSuchInstance = () => new OAuthError(404, "not_found", "no such instance");
  /** instanceParam checks the path's instance id; a malformed one is no instance (404), without a lookup. */
  const instanceParam = (params: string[]) => {
    const instanceId = params[0] ?? "";
    if (!isSortableId(instanceId, ID_PREFIX.instance)) throw noSuchInstance();
    return instanceId;
  };
  const routes: Route[] = [
    {
      method: "GET",
      path: "/instances/{id}/.well-known/jwks.json",
      pattern: /^\/instances\/([^/]+)\/\.well-known\/jwks\.json$/,
      async handle(caller, params) {
        const keys = await signingKeys.published(caller, { instanceId: instanceParam(params) });
        if (keys === undefined) throw noSuchInstance();
        return { status: 200, headers: { "cache-control": "public, max-age=60" }, body: { keys } };
      },
    },
    {
      method: "GET",
      path: "/.well-known/oauth-authorization-server/instances/{id}",
      pattern:
        /^(?:\/instances\/([^/]+)\/\.well-known\/oauth-authorization-server|\/\.well-known\/oauth-authorization-server\/instances\/([^/]+))$/,
      async handle(caller, params) {
        const instanceId = instanceParam([params.find((p) => p !== "") ?? ""]);
        if (!(await signingKeys.instanceExists(caller, { instanceId }))) throw noSuchInstance();
        return metadata(publicUrl, instanceId);
      },
    },
    {
      method: "POST",
      path: "/oauth/token",
      pattern: /^\/oauth\/token$/,
      handle: (caller, _params, request) => oauth.token(caller, request),
    },
    {
      method: "POST",
      path: "/oauth/introspect",
      pattern: /^\/oauth\/introspect$/,
      handle: (caller, _params, request) => oauth.introspect(caller, request),
    },
  ];

  return async (req, res, { target, signal, record }) => {
    const matches = routes.flatMap((route) => {
      const match = route.pattern.exec(target.path);
      return match === null ? [] : [{ route, params: match.slice(1).map((p) => p ?? "") }];
    });
    const found = matches.find(
      ({ route }) => route.method === req.method || (route.method === "GET" && req.method === "HEAD"),
    );
    if (found === undefined) {
      const allowed = matches.map(({ route }) => route.method);
      send(
        res,
        allowed.length === 0
          ? { status: 404, body: { error: "not_found" } }
          : { status: 405, headers: { allow: allowed.join(", ") }, body: { error: "method_not_allowed" } },
      );
      return;
    }
    const { route } = found;
    record.route = `${route.method} ${route.path}`;
    try {
      const params = found.params.map(decodePathSegment);
      const form = route.method === "POST" ? await readForm(req) : new URLSearchParams();
      const request = { headers: req.headers, form, address: req.socket.remoteAddress, signal };
      send(res, await runWithCallSignal(signal, () => route.handle({ db: database.fork() }, params, request)));
    } catch (error) {
      const reply = oauthFailure(error);
      if (reply.status >= 500) record.cause = error;
      record.summarized = isSummarizedRefusal(error);
      send(res, reply);
    }
  };
}
