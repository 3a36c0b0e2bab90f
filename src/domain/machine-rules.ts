import { InvalidArgumentError } from "./errors.js";
import { ID_PREFIX, isSortableId } from "./ids.js";
import { storableText } from "./input.js";
import { MACHINE_LIMITS } from "./limits.js";
import { ListPages, type PageSizeRule, type PageTokens, pageSize, positionTime } from "./pages.js";

/**
 * Validation of machine requests. Each function takes what the caller sent and
 * returns the value to store, or throws an InvalidArgumentError naming the field.
 */

/** machineName trims the name and checks it is 1–255 characters. */
export function machineName(field: string, raw: string): string {
  const name = storableText(field, raw).trim();
  if (name.length === 0) throw new InvalidArgumentError(field, "must not be blank");
  if ([...name].length > MACHINE_LIMITS.nameMaxLength) {
    throw new InvalidArgumentError(field, `must be at most ${MACHINE_LIMITS.nameMaxLength} characters`);
  }
  return name;
}

/** machineId checks the `mch_` + 27 base62 shape. */
export function machineId(field: string, raw: string): string {
  if (raw === "") throw new InvalidArgumentError(field, "is required");
  if (!isSortableId(raw, ID_PREFIX.machine)) {
    throw new InvalidArgumentError(field, "must be a machine id (mch_ followed by 27 letters or digits)");
  }
  return raw;
}

/** tokenTtlSeconds checks a default token lifetime: 1–315,360,000 seconds. */
export function tokenTtlSeconds(field: string, raw: bigint): number {
  const { tokenTtlSecondsMin: min, tokenTtlSecondsMax: max } = MACHINE_LIMITS;
  if (raw < BigInt(min) || raw > BigInt(max)) {
    throw new InvalidArgumentError(field, `must be between ${min} and ${max} seconds`);
  }
  return Number(raw);
}

/** defaultTokenTtlSeconds is tokenTtlSeconds for a new machine: 3600 when not given. */
export function defaultTokenTtlSeconds(field: string, raw: bigint | undefined): number {
  return raw === undefined ? MACHINE_LIMITS.defaultTokenTtlSeconds : tokenTtlSeconds(field, raw);
}

/** previousKeyTtlSeconds checks the grace period of a rotated-out key: required, 0–28,800. */
export function previousKeyTtlSeconds(field: string, raw: bigint | undefined): number {
  if (raw === undefined) throw new InvalidArgumentError(field, "is required (0 ends the previous key at once)");
  const max = MACHINE_LIMITS.previousKeyTtlSecondsMax;
  if (raw < 0n || raw > BigInt(max)) throw new InvalidArgumentError(field, `must be between 0 and ${max} seconds`);
  return Number(raw);
}

/** calleeIds checks the machines a new machine may call: at most 150 distinct machine ids. */
export function calleeIds(field: string, raw: readonly string[]): string[] {
  const max = MACHINE_LIMITS.callGrantsPerMachine;
  if (raw.length > max) throw new InvalidArgumentError(field, `must name at most ${max} machines`);
  const seen = new Set<string>();
  raw.forEach((id, index) => {
    machineId(`${field}[${index}]`, id);
    if (seen.has(id)) throw new InvalidArgumentError(`${field}[${index}]`, `repeats ${id}`);
    seen.add(id);
  });
  return [...seen];
}

/** distinctCallGrant refuses a call grant from a machine to itself: a machine needs no permission to be itself. */
export function distinctCallGrant(fromId: string, toId: string): void {
  if (fromId === toId) throw new InvalidArgumentError("to_machine_id", "must differ from machine_id");
}

/** MachineOrderKey is a total order of machines: by a column, then by id. */
export type MachineOrderKey = { column: "create_time" | "name"; descending: boolean };

/**
 * orderValue is a machine's value in `order`'s column, as a ListMachines
 * cursor names it (with the id): what a resumed listing starts after.
 */
export function orderValue(machine: { name: string; createTime: Date }, order: MachineOrderKey): string {
  return order.column === "name" ? machine.name : machine.createTime.toISOString();
}

/** listWindow checks ListMachines' limit and offset. */
export function listWindow(limit: bigint, offset: bigint, hasCursor: boolean): { limit: number; offset: number } {
  const max = BigInt(MACHINE_LIMITS.listLimitMax);
  // 0, ListMachines' default, is no limit: the stream sends every machine.
  const size = pageSize("limit", limit, { default: 0, max: MACHINE_LIMITS.listLimitMax, zeroMeansDefault: true });
  if (offset < 0n || offset > max) throw new InvalidArgumentError("offset", `must be between 0 and ${max}`);
  if (hasCursor && offset !== 0n) throw new InvalidArgumentError("offset", "must be 0 when after is set");
  return { limit: size, offset: Number(offset) };
}

/** MACHINE_PAGE sizes a REST machine page: 1–500, 10 when not given. */
export const MACHINE_PAGE = {
  default: MACHINE_LIMITS.pageLimitDefault,
  max: MACHINE_LIMITS.pageLimitMax,
  zeroMeansDefault: false,
} as const satisfies PageSizeRule;

/** listQuery checks ListMachines' query string. */
export function listQuery(raw: string): string {
  storableText("query", raw);
  if ([...raw].length > MACHINE_LIMITS.queryMaxLength) {
    throw new InvalidArgumentError("query", `must be at most ${MACHINE_LIMITS.queryMaxLength} characters`);
  }
  return raw;
}

/** A position in a ListMachines stream: the sort value and id of the last machine sent. */
export type MachineCursor = { order: MachineOrderKey; query: string; value: string; id: string };

/**
 * machineCursors are the `after` cursors of a ListMachines stream asked with
 * `order` and `query`: a cursor is only meaningful in the stream it came from.
 * A decoded cursor is checked again: a machine id and, when ordered by
 * creation time, a valid time.
 */
export function machineCursors(tokens: PageTokens, order: MachineOrderKey, query: string): ListPages<MachineCursor> {
  return new ListPages(tokens, {
    field: "after",
    list: "ListMachines",
    query: JSON.stringify([order.column, order.descending, query]),
    length: 2,
    check: (position): MachineCursor => {
      const [value, id] = position as [string, string];
      machineId("after", id);
      if (order.column === "create_time") positionTime("after", value);
      return { order, query, value: storableText("after", value), id };
    },
  });
}
