import type { IncomingHttpHeaders } from "node:http";
import { Code } from "@connectrpc/connect";
import type { AuthThrottle } from "../domain/auth-throttle.js";
import { DomainError, TooManyFailuresError } from "../domain/errors.js";
import type { PublicUrl } from "../domain/public-url.js";
import { toConnectError } from "../interceptors/errors.js";
import type { Caller, PublicCaller } from "../use-cases/caller.js";
import { createOAuthUseCases } from "../use-cases/oauth.js";
import type { TokenUseCaseDeps } from "../use-cases/tokens.js";
import { BadPathError } from "./request-target.js";
import { BodyTooLargeError } from "./surface.js";

/** An OAuth 2.0 error response (RFC 6749 §5.2): status, error code, description. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/** What the OAuth, JWKS and metadata endpoints need: the token use cases' dependencies and the throttle. */
export type OAuthDeps = TokenUseCaseDeps & {
  /** Refuses client addresses that spent their budget of bad secrets, as on every surface. */
  throttle: AuthThrottle;
};

/** OAuthRequest is what the OAuth endpoints read of a request: headers, form body, and who sent it. */
export type OAuthRequest = {
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
  /** The client's network address; the bad-secret throttle counts failures by it. */
  address: string | undefined;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
};

/** A JSON reply of an OAuth endpoint. */
export type OAuthReply = { status: number; body: unknown; headers?: Record<string, string> };

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
const BASIC_CHALLENGE = { "www-authenticate": 'Basic realm="latchkey"' };

/** formDecode decodes one form-encoded part of HTTP Basic credentials; a bad escape is a client that cannot authenticate. */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    throw new OAuthError(401, "invalid_client", "the client credentials are not valid form encoding", BASIC_CHALLENGE);
  }
}

/**
 * clientCredentials reads OAuth client credentials: client_id and
 * client_secret, sent with HTTP Basic (RFC 6749 §2.3.1, form-encoded parts)
 * or in the form body, not both.
 */
function clientCredentials({ headers, form }: OAuthRequest): { clientId: string; clientSecret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  const inForm = form.has("client_secret");
  if (basic !== undefined && inForm) {
    throw new OAuthError(400, "invalid_request", "use one client authentication method, not both");
  }
  let clientId: string | undefined;
  let clientSecret: string | undefined;
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) {
      clientId = formDecode(decoded.slice(0, colon));
      clientSecret = formDecode(decoded.slice(colon + 1));
    }
  } else if (inForm) {
    clientId = form.get("client_id") ?? undefined;
    clientSecret = form.get("client_secret") ?? undefined;
  }
  if (clientId === undefined || clientSecret === undefined) {
    throw new OAuthError(401, "invalid_client", "client authentication is required", BASIC_CHALLENGE);
  }
  return { clientId, clientSecret };
}

/**
 * createOAuthEndpoints answers the token and introspection endpoints on the
 * OAuth use cases. The client is a machine: client_id its id, client_secret
 * its secret key. Every client authentication goes through the bad-secret
 * throttle: each invalid_client counts against the client address's budget,
 * and an address that spent it is refused (429) before any lookup.
 */
export function createOAuthEndpoints(deps: OAuthDeps) {
  const oauth = createOAuthUseCases(deps);

  /** client authenticates the request's client under the throttle and returns that machine as the use cases' Caller. */
  const client = async (caller: PublicCaller, request: OAuthRequest): Promise<Caller> => {
    const principal = await deps.throttle.check(
      request.address,
      request.signal,
      async () => {
        const found = await oauth.authenticateClient(caller, clientCredentials(request));
        if (found === undefined) {
          throw new OAuthError(401, "invalid_client", "unknown client or wrong client secret", BASIC_CHALLENGE);
        }
        return found;
      },
      (error) => error instanceof OAuthError && error.error === "invalid_client",
    );
    return { principal, db: caller.db, signal: request.signal };
  };

  return {
    /**
     * token implements the client credentials grant (RFC 6749 §4.4): the
     * machine gets a JWT access token (the same as CreateToken with
     * TOKEN_FORMAT_JWT) for the machines it may call. `scope`, when sent, is
     * a space-separated subset of those machine ids and narrows the audience.
     */
    async token(caller: PublicCaller, request: OAuthRequest): Promise<OAuthReply> {
      const { form } = request;
      const grantType = form.get("grant_type");
      if (grantType === null) throw new OAuthError(400, "invalid_request", "grant_type is required");
      if (grantType !== "client_credentials") {
        throw new OAuthError(400, "unsupported_grant_type", "only client_credentials is supported");
      }
      const machine = await client(caller, request);
      const audience = form
        .get("scope")
        ?.split(" ")
        .filter((s) => s !== "");
      const { token, secret } = await oauth.issueAccessToken(machine, { audience }).catch((error: unknown) => {
        if (error instanceof DomainError && error.reason === "SCOPE_NOT_GRANTED") {
          throw new OAuthError(400, "invalid_scope", error.message);
        }
        throw error;
      });
      return {
        status: 200,
        headers: NO_STORE,
        body: {
          access_token: secret,
          token_type: "Bearer",
          // Shorter than the machine's default when the client's key is in its grace period.
          expires_in: (token.expireTime.getTime() - token.createTime.getTime()) / 1000,
          scope: token.audience.join(" "),
        },
      };
    },

    /**
     * introspect implements RFC 7662 for the receiving machine, which
     * authenticates with its own client credentials: a token is active only
     * if it is valid and that machine is in its audience, exactly as VerifyToken.
     */
    async introspect(caller: PublicCaller, request: OAuthRequest): Promise<OAuthReply> {
      const receiver = await client(caller, request);
      const token = request.form.get("token");
      if (token === null || token === "") throw new OAuthError(400, "invalid_request", "token is required");
      return { status: 200, headers: NO_STORE, body: await oauth.introspect(receiver, { token }) };
    },
  };
}

/**
 * oauthFailure is what an OAuth, JWKS or metadata caller sees for a failure,
 * in the RFC 6749 §5.2 JSON shape: an OAuthError as it says, a bad path
 * escape 400 and a body over 64 KiB 413 `invalid_request`, a spent bad-secret budget 429
 * `temporarily_unavailable` with Retry-After (RFC 6749 has no code for a rate
 * limit and allows no unregistered one; this registered one tells a client to
 * come back later, which `Retry-After` times, where `invalid_client` would tell
 * a client whose secret is good that it is wrong), and anything else as toConnectError (the one
 * classification) sorts it: an unavailable database 503
 * `temporarily_unavailable`, every other unexpected failure 500
 * `server_error`, with no detail sent.
 */
export function oauthFailure(error: unknown): OAuthReply {
  if (error instanceof OAuthError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { error: error.error, error_description: error.message },
    };
  }
  if (error instanceof BadPathError) {
    return { status: 400, body: { error: "invalid_request", error_description: error.message } };
  }
  if (error instanceof BodyTooLargeError) {
    return { status: 413, body: { error: "invalid_request", error_description: error.message } };
  }
  if (error instanceof TooManyFailuresError) {
    return {
      status: 429,
      headers: { "retry-after": String(error.retryAfterSeconds) },
      body: { error: "temporarily_unavailable", error_description: error.message },
    };
  }
  return toConnectError(error).code === Code.Unavailable
    ? { status: 503, body: { error: "temporarily_unavailable" } }
    : { status: 500, body: { error: "server_error" } };
}

/** metadata is the authorization server metadata of an instance (RFC 8414). */
export function metadata(publicUrl: PublicUrl, instanceId: string): OAuthReply {
  const issuer = publicUrl.issuer(instanceId);
  return {
    status: 200,
    headers: { "cache-control": "public, max-age=300" },
    body: {
      issuer,
      token_endpoint: `${publicUrl.base}/oauth/token`,
      introspection_endpoint: `${publicUrl.base}/oauth/introspect`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ["client_credentials"],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    },
  };
}
