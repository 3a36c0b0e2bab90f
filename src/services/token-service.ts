import type { ServiceImpl } from "@connectrpc/connect";
import { TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { TokenService } from "../../gen/ts/latchkey/token/v1/token_service_pb.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { SigningKeyRepository } from "../db/signing-key-repository.js";
import { TokenRepository } from "../db/token-repository.js";
import { actingMachine, requireMachineKey, tokenOwnerFilter } from "../domain/access.js";
import { InvalidArgumentError } from "../domain/errors.js";
import type { PageTokens } from "../domain/page-tokens.js";
import type { PublicUrl } from "../domain/public-url.js";
import type { SecretBox } from "../domain/secrets.js";
import * as rules from "../domain/token-rules.js";
import { callScope, instanceScope } from "./call-scope.js";
import { tokenToProto } from "./token-mapper.js";

/**
 * createTokenService implements TokenService: machines make tokens with their
 * own key, and receivers verify them, always checking they are in the scopes.
 */
export function createTokenService(
  secrets: SecretBox,
  publicUrl: PublicUrl,
  credentials: CredentialCache,
  pageTokens: PageTokens,
): ServiceImpl<typeof TokenService> {
  return {
    async createToken(req, context) {
      const { principal, db } = callScope(context);
      const subject = requireMachineKey(principal);
      if (!(req.format in TokenFormat)) throw new InvalidArgumentError("format", `unknown value ${req.format}`);
      const { token, secret, reused } = await new TokenRepository(db, secrets, credentials).issue(
        subject,
        {
          format: req.format === TokenFormat.JWT ? "jwt" : "opaque",
          claims: req.claims,
          secondsUntilExpiration: req.secondsUntilExpiration,
          minRemainingTtlSeconds: req.minRemainingTtlSeconds,
        },
        publicUrl.issuer(subject.instanceId),
      );
      return { token: tokenToProto(token), secret, reused };
    },

    async verifyToken(req, context) {
      const { principal, db } = callScope(context);
      const receiver = actingMachine(principal, "receiver_machine_id", req.receiverMachineId);
      const tokens = new TokenRepository(db, secrets, credentials);
      return { token: tokenToProto(await tokens.verifyPresented(principal.instanceId, req.token, receiver)) };
    },

    async listTokens(req, context) {
      const pageSize = rules.pageSize("page_size", req.pageSize === 0 ? undefined : BigInt(req.pageSize));
      const after = rules.decodePageToken(pageTokens, req.pageToken);
      const { principal, db } = callScope(context);
      const machine = actingMachine(principal, "subject_machine_id", req.subjectMachineId);
      const page = await new TokenRepository(db, secrets, credentials).list(principal.instanceId, machine, {
        includeRevoked: req.includeRevoked,
        includeExpired: req.includeExpired,
        pageSize,
        after,
      });
      return {
        tokens: page.tokens.map(tokenToProto),
        nextPageToken: page.next ? rules.encodePageToken(pageTokens, page.next) : "",
        totalCount: BigInt(page.totalCount),
      };
    },

    async revokeToken(req, context) {
      const id = rules.tokenId("id", req.id);
      const reason = rules.revocationReason("reason", req.reason);
      const { principal, db } = callScope(context);
      const token = await new TokenRepository(db, secrets, credentials).revoke(
        principal.instanceId,
        id,
        reason,
        tokenOwnerFilter(principal),
      );
      return { token: tokenToProto(token) };
    },

    async rotateSigningKey(_req, context) {
      const { instanceId, db } = instanceScope(context);
      return { kid: await new SigningKeyRepository(db, secrets).rotate(instanceId) };
    },
  };
}
