import { InvalidArgumentError, PermissionDeniedError } from "./errors.js";
import { machineId } from "./machine-rules.js";

/**
 * Principal is who is calling, as established from the bearer key: an
 * instance (administrator) key, or a machine's own secret key.
 */
export type Principal =
  | { kind: "instance"; instanceId: string; keyId: string }
  | { kind: "machine"; instanceId: string; machineId: string; keyId: string };

/** MachinePrincipal is a caller authenticated with a machine's own key. */
export type MachinePrincipal = Extract<Principal, { kind: "machine" }>;

/**
 * Who may do what, shared by every API surface (Connect, REST). Each function
 * returns what the caller may act on or throws a PermissionDeniedError.
 */

/** requireInstanceKey admits management calls, which need an instance key (`sk_…`); returns the instance id. */
export function requireInstanceKey(principal: Principal): string {
  if (principal.kind !== "instance") {
    throw new PermissionDeniedError(
      "this call needs an instance secret key (sk_…), not a machine key",
      "INSTANCE_KEY_REQUIRED",
    );
  }
  return principal.instanceId;
}

/** requireMachineKey admits calls a machine makes for itself only, such as creating a token. */
export function requireMachineKey(principal: Principal): MachinePrincipal {
  if (principal.kind !== "machine") {
    throw new PermissionDeniedError(
      "creating a token needs the machine's own secret key (ak_…)",
      "MACHINE_KEY_REQUIRED",
    );
  }
  return principal;
}

/**
 * actingMachine resolves which machine a call is about. A machine key may act
 * only for itself (an empty id means itself); an instance key must name one,
 * in `field`.
 */
export function actingMachine(principal: Principal, field: string, requested: string): string {
  if (principal.kind === "machine") {
    if (requested !== "" && requested !== principal.machineId) {
      throw new PermissionDeniedError(`a machine key acts only for its own machine, not ${requested}`, "OTHER_MACHINE");
    }
    return principal.machineId;
  }
  if (requested === "") throw new InvalidArgumentError(field, "is required with an instance key");
  return machineId(field, requested);
}

/** tokenOwnerFilter is the machine whose tokens a machine key may manage, or undefined for an instance key (all). */
export function tokenOwnerFilter(principal: Principal): string | undefined {
  return principal.kind === "machine" ? principal.machineId : undefined;
}
