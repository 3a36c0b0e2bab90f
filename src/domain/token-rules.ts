import { createHash } from "node:crypto";
import { InvalidArgumentError } from "./errors.js";
import { isTokenId } from "./ids.js";
import { storableJson, storableText } from "./input.js";
import { TOKEN_LIMITS } from "./limits.js";
import { tokenTtlSeconds } from "./machine-rules.js";
import { ListPages, type PageSizeRule, type PageTokens, positionTime } from "./pages.js";
import { type JsonObject, RESERVED_CLAIM_NAMES } from "./token-claims.js";

export type { JsonObject } from "./token-claims.js";

/**
 * Validation of token requests: each function returns the value to use or
 * throws an InvalidArgumentError naming the field.
 */

/** tokenLifetimeSeconds checks a requested lifetime: 1–315,360,000 seconds, as for machines' defaults. */
export function tokenLifetimeSeconds(raw: bigint): number {
  return tokenTtlSeconds("seconds_until_expiration", raw);
}

/** minRemainingSeconds checks the reuse threshold: 0 ≤ value < lifetime. */
export function minRemainingSeconds(raw: bigint | undefined, lifetime: number): number | undefined {
  if (raw === undefined) return undefined;
  if (raw < 0n) throw new InvalidArgumentError("min_remaining_ttl_seconds", "must not be negative");
  if (raw >= BigInt(lifetime)) {
    throw new InvalidArgumentError("min_remaining_ttl_seconds", `must be less than the token lifetime (${lifetime} s)`);
  }
  return Number(raw);
}

/**
 * customClaims checks the claims object (at most 4 KB as JSON, no name of
 * RESERVED_CLAIM_NAMES at its top level) and returns it with a digest of its canonical form, used to find a
 * token with the same claims.
 */
export function customClaims(raw: JsonObject | undefined): { claims: JsonObject | null; digest: string } {
  if (raw === undefined || Object.keys(raw).length === 0) return { claims: null, digest: digestOf(null) };
  storableJson("claims", raw);
  const reserved = Object.keys(raw).find((name) => RESERVED_CLAIM_NAMES.has(name));
  if (reserved !== undefined) {
    throw new InvalidArgumentError("claims", `"${reserved}" is a reserved claim name: only latchkey sets it`);
  }
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > TOKEN_LIMITS.claimsMaxBytes) {
    throw new InvalidArgumentError(
      "claims",
      `must be at most ${TOKEN_LIMITS.claimsMaxBytes} bytes as JSON, got ${size}`,
    );
  }
  return { claims: raw, digest: digestOf(raw) };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as JsonObject)[key])]),
    );
  }
  return value;
}

function digestOf(claims: JsonObject | null): string {
  return createHash("sha256")
    .update(JSON.stringify(canonical(claims)))
    .digest("hex");
}

/** tokenId checks the `mt_` + 32 hex shape of a token id. */
export function tokenId(field: string, raw: string): string {
  if (raw === "") throw new InvalidArgumentError(field, "is required");
  if (!isTokenId(raw)) throw new InvalidArgumentError(field, "must be a token id (mt_ followed by 32 hex digits)");
  return raw;
}

/** revocationReason checks the free-text reason: at most 255 characters; empty means none. */
export function revocationReason(field: string, raw: string): string | null {
  storableText(field, raw);
  if ([...raw].length > TOKEN_LIMITS.reasonMaxLength) {
    throw new InvalidArgumentError(field, `must be at most ${TOKEN_LIMITS.reasonMaxLength} characters`);
  }
  return raw === "" ? null : raw;
}

/**
 * TOKEN_PAGE sizes a token page: 1–100, 10 when not given (Connect's
 * page_size 0 is "not given": the service passes undefined for it).
 */
export const TOKEN_PAGE = {
  default: TOKEN_LIMITS.pageSizeDefault,
  max: TOKEN_LIMITS.pageSizeMax,
  zeroMeansDefault: false,
} as const satisfies PageSizeRule;

/** pageOffset checks how many tokens a page skips: 0–1,000,000,000, 0 when not given. */
export function pageOffset(field: string, raw: bigint | undefined): number {
  if (raw === undefined) return 0;
  if (raw < 0n || raw > BigInt(TOKEN_LIMITS.pageOffsetMax)) {
    throw new InvalidArgumentError(field, `must be between 0 and ${TOKEN_LIMITS.pageOffsetMax}`);
  }
  return Number(raw);
}

/** A ListTokens position: the create time and id of the last token of a page. */
export type TokenPageToken = { createTime: string; id: string };

/**
 * tokenPages are ListTokens' page tokens: a position is a create time and a
 * token id, both checked again when decoded.
 */
export function tokenPages(tokens: PageTokens): ListPages<TokenPageToken> {
  return new ListPages(tokens, {
    field: "page_token",
    list: "ListTokens",
    query: "",
    length: 2,
    check: (position): TokenPageToken => {
      const [createTime, id] = position as [string, string];
      positionTime("page_token", createTime);
      if (!isTokenId(id)) throw new InvalidArgumentError("page_token", "holds an invalid token id");
      return { createTime, id };
    },
  });
}
