import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { ID_PREFIX, isSortableId } from "./ids.js";

/**
 * Compact JWS (RFC 7515) with ES256 for machine tokens. Only what latchkey
 * needs: it signs its own tokens and verifies them; third parties verify with
 * any JOSE library against the published JWKS.
 */

/** MACHINE_TOKEN_TYPE is the `typ` header of every machine token, so no other JWT can pass as one. */
export const MACHINE_TOKEN_TYPE = "latchkey-machine+jwt";

/** JWT_ALGORITHM is the only algorithm latchkey signs with or accepts. */
export const JWT_ALGORITHM = "ES256";

/** A new signing key: the private key as PKCS#8 PEM and the public key as a JWK. */
export function newSigningKeyPair(kid: string): { privateKeyPem: string; publicJwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicJwk: { ...publicKey.export({ format: "jwk" }), kid, alg: JWT_ALGORITHM, use: "sig" },
  };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** signJwt returns header.payload.signature for the given claims. */
export function signJwt(kid: string, privateKeyPem: string, claims: Record<string, unknown>): string {
  const input = `${encode({ alg: JWT_ALGORITHM, typ: MACHINE_TOKEN_TYPE, kid })}.${encode(claims)}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: createPrivateKey(privateKeyPem),
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${signature.toString("base64url")}`;
}

/**
 * A JWT split into its parts, not yet verified. The signed input and the
 * signature stay text until verifyJwtSignature needs them: a token seen
 * before is not verified again (CredentialCache.jwtSignatureGood).
 */
export type ParsedJwt = { kid: string; claims: Record<string, unknown>; input: string; signature: string };

/**
 * parseMachineJwt reads a compact JWS that claims to be a machine token:
 * ES256, our `typ`, a `kid` of our shape (`sig_…`, so nothing else is looked
 * up). Anything else is undefined (an unknown token).
 */
export function parseMachineJwt(token: string): ParsedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
    const claims = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
    if (
      header?.alg !== JWT_ALGORITHM ||
      header?.typ !== MACHINE_TOKEN_TYPE ||
      typeof header?.kid !== "string" ||
      !isSortableId(header.kid, ID_PREFIX.signingKey)
    ) {
      return undefined;
    }
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) return undefined;
    return {
      kid: header.kid,
      claims,
      input: token.slice(0, headerPart.length + 1 + payloadPart.length),
      signature: signaturePart,
    };
  } catch {
    return undefined;
  }
}

/** publicKeyObject turns a published JWK into a key ready for verification (worth caching). */
export function publicKeyObject(publicJwk: JsonWebKey): KeyObject {
  return createPublicKey({ key: publicJwk, format: "jwk" });
}

/** verifyJwtSignature checks the ES256 signature. */
export function verifyJwtSignature(jwt: ParsedJwt, key: KeyObject): boolean {
  const signature = Buffer.from(jwt.signature, "base64url");
  return verify("sha256", Buffer.from(jwt.input), { key, dsaEncoding: "ieee-p1363" }, signature);
}
