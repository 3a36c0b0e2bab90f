import { InvalidArgumentError } from "./errors.js";
import { TokenSigner } from "./token-signer.js";

/**
 * Lsn is a PostgreSQL write-ahead log position (`pg_lsn`, written `X/Y` in
 * hex) as a number, so positions compare with `<`. Every commit has one, and a
 * standby that has replayed up to a position shows every commit before it.
 */
export type Lsn = bigint;

/** parseLsn reads PostgreSQL's `X/Y` text form of a pg_lsn. */
export function parseLsn(text: string): Lsn {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (match === null) throw new Error(`not a pg_lsn: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * Consistency is how fresh a read must be (a request's `consistency`):
 * `fully-consistent` reads the primary; `at-least-as-fresh` reads a standby
 * that has replayed past `lsn`, otherwise the primary; `minimize-latency`
 * reads any standby within the maximum staleness. The default, when a request
 * says nothing, is `fully-consistent`.
 */
export type Consistency =
  | { kind: "fully-consistent" }
  | { kind: "minimize-latency" }
  | { kind: "at-least-as-fresh"; lsn: Lsn };

/**
 * SEALED_KEPT is how many positions' tokens ConsistencyTokens keeps: cached
 * reads answer with the position their entry was read at, so a busy server
 * signs the same few thousand positions over and over.
 */
const SEALED_KEPT = 4096;

/** TOKEN_VERSION starts every consistency token, so the format can change later. */
const TOKEN_VERSION = "ct1";

/**
 * ConsistencyTokens makes and reads consistency tokens: the point in the
 * database's history a write committed at (or a read was served at), as the
 * write-ahead log position, signed with HMAC-SHA256. A client passes a token
 * back to ask for a read at least that fresh. It cannot forge one: a made-up
 * position could only send its own reads to the primary, but a token is the
 * server's word and is kept that way. The key is derived from the
 * key-encryption key, so every replica accepts the tokens of the others.
 */
export class ConsistencyTokens {
  readonly #signer: TokenSigner;
  /** The tokens of recently sealed positions, oldest first (Map keeps insertion order). */
  readonly #sealed = new Map<Lsn, string>();

  constructor(key: Buffer) {
    this.#signer = new TokenSigner(key, "consistency token");
  }

  /**
   * seal returns the opaque token for `lsn`. The last SEALED_KEPT are kept:
   * reads answered where nothing was written since have the same position,
   * and a cached machine view keeps the position it was read at, so steady
   * checks sign once per write and GetMachine over many machines once per
   * machine and change, not per call.
   */
  seal(lsn: Lsn): string {
    const kept = this.#sealed.get(lsn);
    if (kept !== undefined) return kept;
    const payload = `${TOKEN_VERSION}.${lsn.toString(16).padStart(16, "0")}`;
    const token = `${payload}.${this.#signer.sign(payload)}`;
    if (this.#sealed.size >= SEALED_KEPT) this.#sealed.delete(this.#sealed.keys().next().value as Lsn);
    this.#sealed.set(lsn, token);
    return token;
  }

  /** open returns the position of a token made by seal; anything else is InvalidArgument naming `field`. */
  open(field: string, raw: string): Lsn {
    const parts = raw.split(".");
    const [version, position, signature] = parts;
    if (
      parts.length !== 3 ||
      version !== TOKEN_VERSION ||
      !/^[0-9a-f]{16}$/.test(position ?? "") ||
      !this.#signer.verifies(`${version}.${position}`, signature ?? "")
    ) {
      throw new InvalidArgumentError(field, "is not a consistency token returned by latchkey");
    }
    return BigInt(`0x${position}`);
  }
}
