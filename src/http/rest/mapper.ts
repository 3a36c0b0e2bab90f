import { InvalidArgumentError } from "../../domain/errors.js";
import type { MachineOrderKey } from "../../domain/machine-rules.js";
import type { CalleeView, CallGrantView, MachineView } from "../../use-cases/machines.js";
import type { TokenView } from "../../use-cases/tokens.js";

/**
 * The reference API's wire shapes: snake_case, an `object` on every resource,
 * times in milliseconds since the Unix epoch, durations in seconds.
 */

function calleeToRest(view: CalleeView) {
  return {
    object: "machine",
    id: view.id,
    name: view.name,
    instance_id: view.instanceId,
    created_at: view.createTime.getTime(),
    updated_at: view.updateTime.getTime(),
    default_token_ttl: view.defaultTokenTtlSeconds,
  };
}

/** machineToRest is a `Machine`, with its callees one level deep. */
export function machineToRest(view: MachineView) {
  return { ...calleeToRest(view), scoped_machines: view.callees.map(calleeToRest) };
}

/** machineDeletedToRest is `Machine.Deleted`. */
export function machineDeletedToRest(id: string) {
  return { object: "machine", id, deleted: true };
}

/** secretKeyToRest is `Machine.SecretKey`. */
export function secretKeyToRest(secret: string) {
  return { object: "machine_secret_key", secret };
}

/** callGrantToRest is `MachineScope`. */
export function callGrantToRest(grant: CallGrantView) {
  return {
    object: "machine_scope",
    from_machine_id: grant.fromMachineId,
    to_machine_id: grant.toMachineId,
    created_at: grant.createTime.getTime(),
  };
}

/** callGrantDeletedToRest is `MachineScope.Deleted`. */
export function callGrantDeletedToRest(fromId: string, toId: string) {
  return { object: "machine_scope", from_machine_id: fromId, to_machine_id: toId, deleted: true };
}

/** tokenToRest is an M2M token; the token itself (`token`) only when it was just created. */
export function tokenToRest(view: TokenView, secret?: string) {
  return {
    object: "machine_to_machine_token",
    id: view.id,
    subject: view.subject,
    scopes: view.audience,
    claims: view.claims,
    revoked: view.revoked,
    revocation_reason: view.revocationReason,
    expired: view.expired,
    expiration: view.expireTime.getTime(),
    last_used_at: view.lastUsedTime?.getTime() ?? null,
    created_at: view.createTime.getTime(),
    updated_at: view.updateTime.getTime(),
    ...(secret === undefined ? {} : { token: secret }),
  };
}

const ORDER_COLUMNS: Record<string, MachineOrderKey["column"]> = { name: "name", created_at: "create_time" };

/**
 * machineOrderFromRest reads `order_by`: `name` or `created_at`, ascending
 * without a sign or with `+`, descending with `-`; newest first when absent.
 * An unencoded `+` arrives as a space (form encoding) and counts as `+`.
 */
export function machineOrderFromRest(raw: string | undefined): MachineOrderKey {
  if (raw === undefined || raw === "") return { column: "create_time", descending: true };
  const descending = raw.startsWith("-");
  const column = ORDER_COLUMNS[raw.replace(/^[+ -]/, "")];
  if (column === undefined) {
    throw new InvalidArgumentError("order_by", "must be name or created_at, optionally prefixed with + or -");
  }
  return { column, descending };
}
