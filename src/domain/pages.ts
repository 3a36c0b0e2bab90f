/**
 * The pagination of every list call, in one place: how big a page may be
 * ({@link pageSize}) and the signed tokens that say where the next one
 * starts ({@link PageTokens}, {@link ListPages}). The services differ on
 * purpose (their reference APIs do), so the bounds are parameters.
 */
import { InvalidArgumentError } from "./errors.js";
import { TokenSigner } from "./token-signer.js";

/**
 * PageSizeRule is how one field sizes a page: the size when none is asked
 * for, the largest, and whether 0 asks for the default (proto3 int32 fields,
 * where 0 is "not set") or is refused as too small.
 */
export type PageSizeRule = { default: number; max: number; zeroMeansDefault: boolean };

/**
 * pageSize checks the page size in `field` against `rule`: `undefined` (and 0
 * when the rule says so) is the default; anything outside the bounds is an
 * InvalidArgumentError naming `field` and the bounds a client may send.
 */
export function pageSize(field: string, raw: bigint | number | undefined, rule: PageSizeRule): number {
  if (raw === undefined || (rule.zeroMeansDefault && BigInt(raw) === 0n)) return rule.default;
  const min = rule.zeroMeansDefault ? 0n : 1n;
  const value = BigInt(raw);
  if (value < min || value > BigInt(rule.max)) {
    throw new InvalidArgumentError(field, `must be between ${min} and ${rule.max}`);
  }
  return Number(value);
}

/**
 * PageTokens makes and reads the page tokens and stream cursors of every list
 * call (ListMachines' `after`, ListTokens' and ScopeService's `page_token`).
 * A token is the position after which the next page starts, with the list it
 * belongs to (`list`) and what it was asked with (`bind`: query, order,
 * filters), signed with HMAC-SHA256. A client can pass a token back but
 * cannot forge or alter one, so a position never holds a value the server
 * did not write itself (a date PostgreSQL refuses, a NUL byte). The key is
 * derived from the key-encryption key, so every replica, and a restarted
 * server, accepts the tokens of the others.
 */
export class PageTokens {
  readonly #signer: TokenSigner;

  constructor(key: Buffer) {
    this.#signer = new TokenSigner(key, "page token");
  }

  /** seal returns the opaque token for `position` in `list` asked with `bind`. */
  seal(list: string, bind: string, position: readonly string[]): string {
    const payload = Buffer.from(JSON.stringify([list, bind, ...position])).toString("base64url");
    return `${payload}.${this.#signer.sign(payload)}`;
  }

  /**
   * open returns the position of a token sealed for the same `list` and
   * `bind` with `length` parts; anything else is an InvalidArgumentError
   * naming `field`.
   */
  open(field: string, raw: string, list: string, bind: string, length: number): string[] {
    const [payload, signature, ...rest] = raw.split(".");
    if (rest.length > 0 || payload === undefined || !this.#signer.verifies(payload, signature ?? "")) {
      throw new InvalidArgumentError(field, `is not a token returned by ${list}`);
    }
    const parts: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (!Array.isArray(parts) || parts[0] !== list || !parts.every((part) => typeof part === "string")) {
      throw new InvalidArgumentError(field, `is not a token returned by ${list}`);
    }
    if (parts[1] !== bind) throw new InvalidArgumentError(field, "was made for a different query, order or filter");
    const position = parts.slice(2) as string[];
    if (position.length !== length) throw new InvalidArgumentError(field, `is not a token returned by ${list}`);
    return position;
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * positionTime reads a timestamp of a position, written by toISOString:
 * strictly that form, a real date, years 1–9999 (what PostgreSQL and
 * protobuf Timestamps hold). A signed token always passes; the check keeps a
 * bad value from ever reaching a query.
 */
export function positionTime(field: string, raw: string): Date {
  const time = new Date(raw);
  if (!TIMESTAMP.test(raw) || Number.isNaN(time.getTime()) || time.toISOString() !== raw || raw.startsWith("0000")) {
    throw new InvalidArgumentError(field, "holds an invalid time");
  }
  return time;
}

/**
 * ListPages writes and reads the page tokens of one list asked with one
 * query: the list's name, the query it is bound to (a token is only accepted
 * with the query that made it), the field clients send it back in, how many
 * parts a position has, and how a decoded position is checked again before
 * it reaches a query are fixed when it is made, so a call site only says
 * where a page ends.
 */
export class ListPages<P> {
  readonly #tokens: PageTokens;
  readonly #bound: ListBinding<P>;

  constructor(tokens: PageTokens, bound: ListBinding<P>) {
    this.#tokens = tokens;
    this.#bound = bound;
  }

  /** encode returns the token of the page starting after `position`. */
  encode(position: readonly string[]): string {
    return this.#tokens.seal(this.#bound.list, this.#bound.query, position);
  }

  /**
   * decode returns the checked position of a token this list made for this
   * query; empty means the first page (undefined); anything else is an
   * InvalidArgumentError naming the field.
   */
  decode(raw: string): P | undefined {
    if (raw === "") return undefined;
    const { field, list, query, length, check } = this.#bound;
    return check(this.#tokens.open(field, raw, list, query, length));
  }
}

/** What a {@link ListPages} is bound to. */
export type ListBinding<P> = {
  field: string;
  list: string;
  query: string;
  length: number;
  check: (position: string[]) => P;
};
