import { create, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type MachineToken, MachineTokenSchema, TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { TokenView } from "../use-cases/tokens.js";

/** tokenToProto turns a stored token into the API's MachineToken message (without the token itself). */
export function tokenToProto(view: TokenView): MachineToken {
  return create(MachineTokenSchema, {
    id: view.id,
    subject: view.subject,
    scopes: view.audience,
    claims: (view.claims ?? undefined) as JsonObject | undefined,
    format: view.format === "jwt" ? TokenFormat.JWT : TokenFormat.OPAQUE,
    revoked: view.revoked,
    revocationReason: view.revocationReason ?? "",
    expired: view.expired,
    expireTime: timestampFromDate(view.expireTime),
    lastUsedTime: view.lastUsedTime ? timestampFromDate(view.lastUsedTime) : undefined,
    createTime: timestampFromDate(view.createTime),
    updateTime: timestampFromDate(view.updateTime),
  });
}
