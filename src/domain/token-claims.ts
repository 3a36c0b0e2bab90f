/**
 * Claim names a token's custom claims may not use. A resource server reads
 * these names in a JWT or an introspection answer as facts the issuer vouches
 * for (who the client is, what it may do, how it authenticated), so only
 * latchkey may set them, even where it sets no value today.
 */

/** JWT_REGISTERED_CLAIMS: the IANA "JSON Web Token Claims" registry (RFC 7519 §10.1 and later entries). */
const JWT_REGISTERED_CLAIMS = [
  // RFC 7519
  "iss",
  "sub",
  "aud",
  "exp",
  "nbf",
  "iat",
  "jti",
  // OpenID Connect Core 1.0
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "email",
  "email_verified",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "phone_number",
  "phone_number_verified",
  "address",
  "updated_at",
  "azp",
  "nonce",
  "auth_time",
  "at_hash",
  "c_hash",
  "acr",
  "amr",
  "sub_jwk",
  "sid",
  "_claim_names",
  "_claim_sources",
  // RFC 7800 (proof of possession), RFC 9449 (DPoP)
  "cnf",
  "htm",
  "htu",
  "ath",
  // RFC 8693 (token exchange), RFC 9068 (JWT access tokens), RFC 9396
  "act",
  "may_act",
  "scope",
  "client_id",
  "roles",
  "groups",
  "entitlements",
  "authorization_details",
  // RFC 8417 (security events), RFC 8055, RFC 8225, RFC 8443, RFC 8588, RFC 8946, RFC 9027 (SIP/STIR)
  "events",
  "toe",
  "txn",
  "sip_from_tag",
  "sip_date",
  "sip_callid",
  "sip_cseq_num",
  "sip_via_branch",
  "orig",
  "dest",
  "mky",
  "rph",
  "div",
  "opt",
  "sph",
  "rcd",
  "rcdi",
  "crn",
  "origid",
  "attest",
  // RFC 8485 (vectors of trust), RFC 8688, W3C verifiable credentials
  "vot",
  "vtm",
  "jcard",
  "at_use_nbr",
  "vc",
  "vp",
  // RFC 9200 (ACE), RFC 9701 (JWT introspection response), RFC 9711 (EAT)
  "ace_profile",
  "cnonce",
  "exi",
  "token_introspection",
  "ueid",
  "sueids",
  "oemid",
  "hwmodel",
  "hwversion",
  "secboot",
  "dbgstat",
  "location",
  "eat_profile",
  "submods",
  // RFC 9246 (CDNI), OpenID for Identity Assurance, SD-JWT
  "cdniv",
  "cdnicrit",
  "cdniip",
  "cdniuc",
  "cdniets",
  "cdnistt",
  "cdnistd",
  "verified_claims",
  "place_of_birth",
  "nationalities",
  "birth_family_name",
  "birth_given_name",
  "birth_middle_name",
  "salutation",
  "title",
  "msisdn",
  "also_known_as",
  "_sd",
  "_sd_alg",
  "sd_hash",
] as const;

/**
 * OAUTH_MEMBER_NAMES: members of an RFC 7662 introspection answer and an
 * RFC 8693 token exchange answer that are not JWT claims of their own.
 */
const OAUTH_MEMBER_NAMES = [
  "active",
  "username",
  "token_type",
  "access_token",
  "issued_token_type",
  "refresh_token",
  "expires_in",
] as const;

/** MINTING_KEY_CLAIM: the machine secret key (`msk_…`) a JWT was minted with; online checks end the JWT with it. */
export const MINTING_KEY_CLAIM = "latchkey_key_id";

/** RESERVED_CLAIM_NAMES: every name custom claims may not use. */
export const RESERVED_CLAIM_NAMES: ReadonlySet<string> = new Set<string>([
  ...JWT_REGISTERED_CLAIMS,
  ...OAUTH_MEMBER_NAMES,
  "scopes",
  MINTING_KEY_CLAIM,
]);

/** JsonObject is a parsed JSON object such as custom claims. */
export type JsonObject = { [key: string]: unknown };

/** What the server vouches for in a token, whatever its format. */
export type TokenFacts = {
  issuer: string;
  /** The subject machine: `sub` and `client_id`. */
  subject: string;
  /** The machines that accept the token: `aud`, and space-separated `scope`. */
  audience: string[];
  id: string;
  createTime: Date;
  expireTime: Date;
};

/**
 * customClaimsOf keeps the custom part of a claims object: every name but the
 * reserved ones. A row or JWT written before a name was reserved may hold one;
 * it is never shown as the server's word.
 */
export function customClaimsOf(claims: JsonObject | null): JsonObject | null {
  if (claims === null) return null;
  const custom = Object.entries(claims).filter(([name]) => !RESERVED_CLAIM_NAMES.has(name));
  return custom.length > 0 ? Object.fromEntries(custom) : null;
}

const seconds = (time: Date) => Math.floor(time.getTime() / 1000);

/**
 * standardClaims are the claims resource servers read (RFC 7519, RFC 9068):
 * `client_id` is the subject machine, `scope` the audience machine ids
 * space-separated (the OAuth token endpoint's `scope`), `scopes` the same
 * (kept for existing readers).
 */
function standardClaims(facts: TokenFacts): JsonObject {
  const scope = facts.audience.join(" ");
  return {
    iss: facts.issuer,
    sub: facts.subject,
    aud: facts.audience,
    client_id: facts.subject,
    scope,
    scopes: scope,
    jti: facts.id,
    iat: seconds(facts.createTime),
    nbf: seconds(facts.createTime),
    exp: seconds(facts.expireTime),
  };
}

/** jwtPayload is a JWT's claims: the custom ones, then the server's, which always win. */
export function jwtPayload(facts: TokenFacts, mintingKeyId: string, claims: JsonObject | null): JsonObject {
  return { ...customClaimsOf(claims), ...standardClaims(facts), [MINTING_KEY_CLAIM]: mintingKeyId };
}

/**
 * introspectionAnswer is an active token's RFC 7662 answer: the custom claims,
 * then the server's members, which always win.
 */
export function introspectionAnswer(facts: TokenFacts, claims: JsonObject | null): JsonObject {
  const { scopes: _scopes, ...standard } = standardClaims(facts);
  return { ...customClaimsOf(claims), active: true, token_type: "Bearer", ...standard };
}
