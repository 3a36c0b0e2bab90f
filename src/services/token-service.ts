import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { TokenService } from "../../gen/ts/latchkey/token/v1/token_service_pb.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { SigningKeyRepository } from "../db/signing-key-repository.js";
import { TokenRepository } from "../db/token-repository.js";
import { InvalidArgumentError, PermissionDeniedError } from "../domain/errors.js";
import { machineId } from "../domain/machine-rules.js";
import type { PublicUrl } from "../domain/public-url.js";
import { SECRET_PREFIX, type SecretBox } from "../domain/secrets.js";
import * as rules from "../domain/token-rules.js";
import { callScope, instanceScope } from "./call-scope.js";
import { tokenToProto } from "./token-mapper.js";

/**
 * actingMachine resolves which machine a call is about. A machine key may act
 * only for itself (an empty id means itself); an instance key must name one.
 */
function actingMachine(context: HandlerContext, field: string, requested: string) {
  const { principal, db } = callScope(context);
  if (principal.kind === "machine") {
    if (requested !== "" && requested !== principal.machineId) {
      throw new PermissionDeniedError(`a machine key acts only for its own machine, not ${requested}`, "OTHER_MACHINE");
    }
    return { principal, db, machine: principal.machineId };
  }
  if (requested === "") throw new InvalidArgumentError(field, "is required with an instance key");
  return { principal, db, machine: machineId(field, requested) };
}

/**
 * createTokenService implements TokenService: machines make tokens with their
 * own key, and receivers verify them, always checking they are in the scopes.
 */
export function createTokenService(
  secrets: SecretBox,
  publicUrl: PublicUrl,
  credentials: CredentialCache,
): ServiceImpl<typeof TokenService> {
  return {
    async createToken(req, context) {
      const { principal, db } = callScope(context);
      if (principal.kind !== "machine") {
        throw new PermissionDeniedError(
          "CreateToken needs the machine's own secret key (ak_…)",
          "MACHINE_KEY_REQUIRED",
        );
      }
      if (!(req.format in TokenFormat)) throw new InvalidArgumentError("format", `unknown value ${req.format}`);
      const tokens = new TokenRepository(db, secrets, credentials);
      const { claims, digest } = rules.customClaims(req.claims);
      const lifetime =
        req.secondsUntilExpiration === undefined
          ? await tokens.defaultLifetime(principal.instanceId, principal.machineId)
          : rules.tokenLifetimeSeconds(req.secondsUntilExpiration);
      if (req.format === TokenFormat.JWT) {
        if (req.minRemainingTtlSeconds !== undefined) {
          throw new InvalidArgumentError("min_remaining_ttl_seconds", "applies to opaque tokens only");
        }
        const issuer = publicUrl.issuer(principal.instanceId);
        const jwt = await tokens.createJwt(principal, { issuer, lifetimeSeconds: lifetime, claims });
        return { token: tokenToProto(jwt.token), secret: jwt.secret, reused: false };
      }
      const minRemaining = rules.minRemainingSeconds(req.minRemainingTtlSeconds, lifetime);
      const created = await tokens.create(principal, {
        lifetimeSeconds: lifetime,
        claims,
        claimsDigest: digest,
        minRemainingSeconds: minRemaining,
      });
      return { token: tokenToProto(created.token), secret: created.secret, reused: created.reused };
    },

    async verifyToken(req, context) {
      if (req.token === "") throw new InvalidArgumentError("token", "is required");
      const { principal, db, machine } = actingMachine(context, "receiver_machine_id", req.receiverMachineId);
      const tokens = new TokenRepository(db, secrets, credentials);
      const token = req.token.startsWith(`${SECRET_PREFIX.token}_`)
        ? await tokens.verify(principal.instanceId, req.token, machine)
        : await tokens.verifyJwt(principal.instanceId, req.token, machine);
      return { token: tokenToProto(token) };
    },

    async listTokens(req, context) {
      const pageSize = rules.pageSize(req.pageSize);
      const after = rules.decodePageToken(req.pageToken);
      const { principal, db, machine } = actingMachine(context, "subject_machine_id", req.subjectMachineId);
      const page = await new TokenRepository(db, secrets, credentials).list(principal.instanceId, machine, {
        includeRevoked: req.includeRevoked,
        includeExpired: req.includeExpired,
        pageSize,
        after,
      });
      return {
        tokens: page.tokens.map(tokenToProto),
        nextPageToken: page.next ? rules.encodePageToken(page.next) : "",
        totalCount: BigInt(page.totalCount),
      };
    },

    async revokeToken(req, context) {
      const id = rules.tokenId("id", req.id);
      const reason = rules.revocationReason(req.reason);
      const { principal, db } = callScope(context);
      const onlySubject = principal.kind === "machine" ? principal.machineId : undefined;
      const token = await new TokenRepository(db, secrets, credentials).revoke(
        principal.instanceId,
        id,
        reason,
        onlySubject,
      );
      return { token: tokenToProto(token) };
    },

    async rotateSigningKey(_req, context) {
      const { instanceId, db } = instanceScope(context);
      return { kid: await new SigningKeyRepository(db, secrets).rotate(instanceId) };
    },
  };
}
