import type { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Database } from "../db/orm.js";
import { SigningKeyRepository } from "../db/signing-key-repository.js";
import { DomainError } from "../domain/errors.js";
import { ID_PREFIX, isSortableId } from "../domain/ids.js";
import type { SecretBox } from "../domain/secrets.js";
import { log } from "../log.js";

/** HttpFallback serves the plain-HTTP endpoints beside the RPCs (connect-node's `fallback`). */
export type HttpFallback = NonNullable<Parameters<typeof connectNodeAdapter>[0]["fallback"]>;
type NodeServerResponse = Parameters<HttpFallback>[1];

const JWKS_PATH = /^\/instances\/([^/]+)\/\.well-known\/jwks\.json$/;

function sendJson(res: NodeServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries({ "content-type": "application/json", ...headers }))
    res.setHeader(name, value);
  res.end(JSON.stringify(body));
}

/**
 * createHttpEndpoints answers what is not an RPC: each instance's JWKS at
 * `GET /instances/{instance_id}/.well-known/jwks.json` (public, no key, so any
 * JOSE library can verify JWT machine tokens offline), and 404 for the rest.
 */
export function createHttpEndpoints(database: Database, secrets: SecretBox): HttpFallback {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const jwks = JWKS_PATH.exec(path);
    if (jwks === null) {
      sendJson(res, 404, { error: "not_found" });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
      return;
    }
    const instanceId = decodeURIComponent(jwks[1] as string);
    if (!isSortableId(instanceId, ID_PREFIX.instance)) {
      sendJson(res, 404, { error: "not_found" });
      return;
    }
    const keys = new SigningKeyRepository(database.fork(), secrets);
    keys
      .requireInstance(instanceId)
      .then(() => keys.published(instanceId))
      .then(
        (published) => sendJson(res, 200, { keys: published }, { "cache-control": "public, max-age=60" }),
        (error: unknown) => {
          if (error instanceof DomainError) {
            sendJson(res, 404, { error: "not_found" });
            return;
          }
          log("error", "jwks failed", {
            cause: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
          sendJson(res, 503, { error: "temporarily_unavailable" });
        },
      );
  };
}
