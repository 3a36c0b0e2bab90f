import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";

/**
 * TokenSigner signs the opaque tokens latchkey hands out and takes back (page
 * tokens, consistency tokens) with HMAC-SHA256, and checks a signature in
 * constant time, so a client can return a token but never forge or alter
 * one. The key is derived from the key-encryption key (SecretBox.deriveKey),
 * one per kind of token, so every replica accepts the tokens of the others.
 */
export class TokenSigner {
  /** A KeyObject made once: handing createHmac a Buffer converts it on every call. */
  readonly #key: KeyObject;

  /** `what` names the kind of token in the error for a short key. */
  constructor(key: Buffer, what: string) {
    if (key.length < 32) throw new Error(`the ${what} key must be at least 32 bytes`);
    this.#key = createSecretKey(key);
  }

  /** sign returns the signature of `payload`, base64url. */
  sign(payload: string): string {
    return this.#mac(payload).toString("base64url");
  }

  /** verifies tells whether `signature` (base64url) is sign's for `payload`. */
  verifies(payload: string, signature: string): boolean {
    const given = Buffer.from(signature, "base64url");
    const expected = this.#mac(payload);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(payload: string): Buffer {
    return createHmac("sha256", this.#key).update(payload).digest();
  }
}
