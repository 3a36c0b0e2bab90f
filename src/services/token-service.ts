import type { ServiceImpl } from "@connectrpc/connect";
import { TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { TokenService } from "../../gen/ts/latchkey/token/v1/token_service_pb.js";
import { InvalidArgumentError } from "../domain/errors.js";
import { type PageTokens, pageSize } from "../domain/pages.js";
import * as rules from "../domain/token-rules.js";
import { type ConsistencyDeps, createConsistency } from "../use-cases/consistency.js";
import { createSigningKeyUseCases } from "../use-cases/signing-keys.js";
import { createTokenUseCases, type TokenUseCaseDeps } from "../use-cases/tokens.js";
import { callerOf } from "./call-context.js";
import { tokenToProto } from "./token-mapper.js";

/**
 * createTokenService implements TokenService on the token and signing key
 * use cases: machines make tokens with their own key, and receivers verify
 * them, always checking they are in the scopes. Page tokens are this API's
 * encoding of a listing position, sealed and opened here. Every write
 * answers the consistency token of its commit (`written`), taken here so the
 * REST and OAuth token endpoints, which have no field for it, do not pay the
 * query. Verification always reads the primary (or the credential cache).
 */
export function createTokenService(
  deps: TokenUseCaseDeps & ConsistencyDeps,
  pageTokens: PageTokens,
): ServiceImpl<typeof TokenService> {
  const tokens = createTokenUseCases(deps);
  const signingKeys = createSigningKeyUseCases(deps);
  const { written } = createConsistency(deps);

  return {
    async createToken(req, context) {
      if (!(req.format in TokenFormat)) throw new InvalidArgumentError("format", `unknown value ${req.format}`);
      const caller = callerOf(context);
      const created = await tokens.create(caller, {
        format: req.format === TokenFormat.JWT ? "jwt" : "opaque",
        claims: req.claims,
        secondsUntilExpiration: req.secondsUntilExpiration,
        minRemainingTtlSeconds: req.minRemainingTtlSeconds,
      });
      const { value, consistencyToken } = await written(caller, created);
      return { token: tokenToProto(value.token), secret: value.secret, reused: value.reused, consistencyToken };
    },

    async verifyToken(req, context) {
      const receiver = { field: "receiver_machine_id", id: req.receiverMachineId };
      return { token: tokenToProto(await tokens.verify(callerOf(context), { receiver, token: req.token })) };
    },

    async listTokens(req, context) {
      const size = pageSize("page_size", req.pageSize === 0 ? undefined : req.pageSize, rules.TOKEN_PAGE);
      const pages = rules.tokenPages(pageTokens);
      const after = pages.decode(req.pageToken);
      const page = await tokens.list(callerOf(context), {
        subject: { field: "subject_machine_id", id: req.subjectMachineId },
        includeRevoked: req.includeRevoked,
        includeExpired: req.includeExpired,
        pageSize: size,
        after,
      });
      return {
        tokens: page.tokens.map(tokenToProto),
        nextPageToken: page.next ? pages.encode([page.next.createTime, page.next.id]) : "",
        totalCount: BigInt(page.totalCount),
      };
    },

    async revokeToken(req, context) {
      const id = rules.tokenId("id", req.id);
      const reason = rules.revocationReason("reason", req.reason);
      const caller = callerOf(context);
      const { value, consistencyToken } = await written(caller, await tokens.revoke(caller, { id, reason }));
      return { token: tokenToProto(value), consistencyToken };
    },

    async rotateSigningKey(_req, context) {
      const caller = callerOf(context);
      const { value: kid, consistencyToken } = await written(caller, await signingKeys.rotate(caller));
      return { kid, consistencyToken };
    },
  };
}
