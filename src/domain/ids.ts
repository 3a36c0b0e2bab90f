import { randomBytes } from "./random.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * encodeBase62 writes bytes as a fixed-width base62 number, so that equal-length
 * inputs keep their byte order as strings (in the "C" collation).
 */
export function encodeBase62(bytes: Uint8Array, width: number): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  if (out.length > width) throw new Error(`base62 value needs ${out.length} > ${width} characters`);
  return out.padStart(width, "0");
}

/**
 * newSortableId makes `<prefix>_` + 27 base62 characters: 48 bits of
 * milliseconds since the Unix epoch, then 112 random bits. Ids made later sort
 * after ids made earlier (to the millisecond), like KSUIDs, which keeps index
 * inserts local and makes ids safe to show.
 */
export function newSortableId(prefix: string, now: Date = new Date()): string {
  const bytes = new Uint8Array(20);
  let ms = BigInt(now.getTime());
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes.set(randomBytes(14), 6);
  return `${prefix}_${encodeBase62(bytes, 27)}`;
}

const SORTABLE_ID = /^[0-9A-Za-z]{27}$/;

/** isSortableId tells whether `id` is `<prefix>_` followed by 27 base62 characters. */
export function isSortableId(id: string, prefix: string): boolean {
  return id.startsWith(`${prefix}_`) && SORTABLE_ID.test(id.slice(prefix.length + 1));
}

/** ID_PREFIX names the prefix of every kind of id latchkey issues. */
export const ID_PREFIX = {
  instance: "ins",
  instanceKey: "key",
  machine: "mch",
  machineSecretKey: "msk",
  machineToken: "mt",
  signingKey: "sig",
} as const;

const TOKEN_ID = /^mt_[0-9a-f]{32}$/;

/** newTokenId makes a machine token id: `mt_` + 32 random hex digits, as in the reference API. */
export function newTokenId(): string {
  return `mt_${randomBytes(16).toString("hex")}`;
}

/** isTokenId checks the `mt_` + 32 hex digit shape. */
export function isTokenId(id: string): boolean {
  return TOKEN_ID.test(id);
}

/**
 * newUuidV7 makes an RFC 9562 version 7 UUID: 48 bits of Unix milliseconds,
 * then random bits, so ids made later sort after ids made earlier. Scope API
 * ids are `<prefix>_<uuidv7>`, the form of the reference API they follow.
 */
export function newUuidV7(now: Date = new Date()): string {
  const bytes = randomBytes(16);
  let ms = BigInt(now.getTime());
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
