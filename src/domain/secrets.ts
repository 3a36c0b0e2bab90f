import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hash,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from "node:crypto";
import { encodeBase62 } from "./ids.js";
import { randomBytes } from "./random.js";

/** SECRET_PREFIX: instance secret keys start `sk_`, machine secret keys `ak_`, opaque machine tokens `mt_`. */
export const SECRET_PREFIX = { instance: "sk", machine: "ak", token: "mt" } as const;

const SECRET_BODY = /^[0-9A-Za-z]{43}$/;

/**
 * newSecret makes `<prefix>_` + 256 random bits in 43 base62 characters.
 * Secrets are random enough that a plain SHA-256 is a safe lookup hash.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${encodeBase62(randomBytes(32), 43)}`;
}

/** isWellFormedSecret checks a secret's shape before any lookup is spent on it. */
export function isWellFormedSecret(secret: string, prefix: string): boolean {
  return secret.startsWith(`${prefix}_`) && SECRET_BODY.test(secret.slice(prefix.length + 1));
}

/** hashSecret is the lookup hash stored instead of a secret: hex SHA-256 (one-shot: half the cost of a Hash object). */
export function hashSecret(secret: string): string {
  return hash("sha256", secret, "hex");
}

/** hashesEqual compares two lookup hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

const CIPHER_VERSION = "v1";

/**
 * SecretBox encrypts secrets at rest with AES-256-GCM under the key-encryption
 * key. `context` (for example the machine id) is bound as additional data, so a
 * ciphertext copied to another row does not decrypt.
 */
export class SecretBox {
  readonly #key: Buffer;
  /**
   * The same key as a KeyObject, for the ciphers: given raw bytes, every
   * createCipheriv makes a KeyObject of its own, about 9 µs of a seal's 10.
   */
  readonly #cipherKey: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("the key-encryption key must be 32 bytes");
    this.#key = key;
    this.#cipherKey = createSecretKey(key);
  }

  /** seal returns `v1:` + base64(iv | tag | ciphertext). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#cipherKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${CIPHER_VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  /**
   * deriveKey returns a 32-byte key for one `purpose` (HKDF-SHA256 of the
   * key-encryption key), the same on every replica sharing LATCHKEY_KEK and
   * unrelated to the keys of other purposes.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync("sha256", this.#key, Buffer.alloc(0), `latchkey ${purpose}`, 32));
  }

  /** open reverses seal; it throws when the data or context were tampered with. */
  open(sealed: string, context: string): string {
    const [version, payload] = sealed.split(":");
    if (version !== CIPHER_VERSION || payload === undefined) throw new Error("unknown ciphertext version");
    const raw = Buffer.from(payload, "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.#cipherKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }
}
