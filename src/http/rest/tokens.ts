import { InvalidArgumentError } from "../../domain/errors.js";
import { pageSize } from "../../domain/pages.js";
import * as rules from "../../domain/token-rules.js";
import { createTokenUseCases } from "../../use-cases/tokens.js";
import { tokenToRest } from "./mapper.js";
import type { RestDeps, RestRoute } from "./route.js";

const FORMATS = ["opaque", "jwt"] as const;

/**
 * tokenRoutes serves the reference's M2M token endpoints on the token use
 * cases (at the root and under `/v1`, as the reference does), the same as
 * TokenService: a machine creates tokens with its own key (`ak_…`); lists and
 * revokes its own tokens (an instance key may manage any); and verifies the
 * tokens meant for it. Verification always checks the receiver: with an
 * instance key the body must name it (`receiver_machine_id`).
 */
export function tokenRoutes(deps: RestDeps): RestRoute[] {
  const tokens = createTokenUseCases(deps);
  return [
    {
      method: "POST",
      path: "/m2m_tokens",
      alsoUnderV1: true,
      bodyFields: ["token_format", "seconds_until_expiration", "claims", "min_remaining_ttl_seconds"],
      async handle(call) {
        const { body } = call;
        const format = body.string("token_format") ?? "opaque";
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw new InvalidArgumentError("token_format", "must be opaque or jwt");
        }
        const { token, secret } = await tokens.create(call, {
          format: format as (typeof FORMATS)[number],
          claims: body.object("claims"),
          secondsUntilExpiration: body.integer("seconds_until_expiration"),
          minRemainingTtlSeconds: body.integer("min_remaining_ttl_seconds"),
        });
        return { status: 201, body: tokenToRest(token, secret) };
      },
    },
    {
      method: "GET",
      path: "/m2m_tokens",
      alsoUnderV1: true,
      async handle(call) {
        const { query } = call;
        const page = await tokens.list(call, {
          subject: { field: "subject", id: query.string("subject") ?? "" },
          includeRevoked: query.boolean("revoked") ?? false,
          includeExpired: query.boolean("expired") ?? false,
          pageSize: pageSize("limit", query.integer("limit"), rules.TOKEN_PAGE),
          offset: rules.pageOffset("offset", query.integer("offset")),
          after: undefined,
        });
        return {
          status: 200,
          body: { m2m_tokens: page.tokens.map((t) => tokenToRest(t)), total_count: page.totalCount },
        };
      },
    },
    {
      method: "POST",
      path: "/m2m_tokens/verify",
      alsoUnderV1: true,
      bodyFields: ["token", "receiver_machine_id"],
      async handle(call) {
        const { body } = call;
        const receiver = { field: "receiver_machine_id", id: body.string("receiver_machine_id") ?? "" };
        const token = await tokens.verify(call, { receiver, token: body.string("token") ?? "" });
        return { status: 200, body: tokenToRest(token) };
      },
    },
    {
      method: "POST",
      path: "/m2m_tokens/{m2m_token_id}/revoke",
      alsoUnderV1: true,
      bodyFields: ["revocation_reason"],
      async handle(call) {
        const id = rules.tokenId("m2m_token_id", call.params[0] ?? "");
        const reason = rules.revocationReason("revocation_reason", call.body.string("revocation_reason") ?? "");
        return { status: 200, body: tokenToRest(await tokens.revoke(call, { id, reason })) };
      },
    },
  ];
}
