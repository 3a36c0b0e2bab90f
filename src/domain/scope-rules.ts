import { InvalidArgumentError } from "./errors.js";
import { newUuidV7 } from "./ids.js";
import { storableText } from "./input.js";
import { SCOPE_LIMITS } from "./limits.js";
import { machineId } from "./machine-rules.js";
import { ListPages, type PageSizeRule, type PageTokens } from "./pages.js";

/**
 * Validation of ScopeService requests. Each function takes what the caller
 * sent and returns the value to store, or throws an InvalidArgumentError
 * naming the field.
 */

/** SCOPE_ID_PREFIX names the prefix of each kind of scope API id. */
export const SCOPE_ID_PREFIX = {
  scopeType: "type",
  scope: "scope",
  subject: "subject",
  role: "role",
} as const;

type ScopeIdKind = keyof typeof SCOPE_ID_PREFIX;

const ID_SUFFIX = new RegExp(`^[A-Za-z0-9_-]{1,${SCOPE_LIMITS.idSuffixMaxLength}}$`);

/** resourceId checks a required `<prefix>_…` id. */
export function resourceId(kind: ScopeIdKind, field: string, raw: string): string {
  if (raw === "") throw new InvalidArgumentError(field, "is required");
  const prefix = `${SCOPE_ID_PREFIX[kind]}_`;
  if (!raw.startsWith(prefix) || !ID_SUFFIX.test(raw.slice(prefix.length))) {
    throw new InvalidArgumentError(
      field,
      `must be ${prefix} followed by 1–${SCOPE_LIMITS.idSuffixMaxLength} letters, digits, _ or -`,
    );
  }
  return raw;
}

/** optionalResourceId is resourceId for an id that may be empty ("none"). */
export function optionalResourceId(kind: ScopeIdKind, field: string, raw: string): string | undefined {
  return raw === "" ? undefined : resourceId(kind, field, raw);
}

/** newOrGivenId returns the client's id, checked, or a new `<prefix>_<uuidv7>`. */
export function newOrGivenId(kind: ScopeIdKind, field: string, raw: string): string {
  return raw === "" ? `${SCOPE_ID_PREFIX[kind]}_${newUuidV7()}` : resourceId(kind, field, raw);
}

/** subjectId accepts a `subject_…` id or a machine's `mch_…` id. */
export function subjectId(field: string, raw: string): string {
  if (raw.startsWith("mch_")) return machineId(field, raw);
  if (raw === "" || raw.startsWith(`${SCOPE_ID_PREFIX.subject}_`)) return resourceId("subject", field, raw);
  throw new InvalidArgumentError(field, "must be a subject id (subject_…) or a machine id (mch_…)");
}

/** text trims a name-like string and checks its length; `required` refuses blank. */
export function text(field: string, raw: string, required: boolean): string {
  const value = storableText(field, raw).trim();
  if (required && value.length === 0) throw new InvalidArgumentError(field, "must not be blank");
  if ([...value].length > SCOPE_LIMITS.nameMaxLength) {
    throw new InvalidArgumentError(field, `must be at most ${SCOPE_LIMITS.nameMaxLength} characters`);
  }
  return value;
}

/** externalId checks an optional external id: unset stays unset, set must be 1–255 characters. */
export function externalId(field: string, raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : text(field, raw, true);
}

/** meta checks a scope's labels. */
export function meta(field: string, raw: Record<string, string>): Record<string, string> {
  const entries = Object.entries(raw);
  const { metaMaxEntries, metaKeyMaxLength, metaValueMaxLength } = SCOPE_LIMITS;
  if (entries.length > metaMaxEntries)
    throw new InvalidArgumentError(field, `must have at most ${metaMaxEntries} entries`);
  for (const [key, value] of entries) {
    storableText(`${field}[${JSON.stringify(key)}]`, key);
    storableText(`${field}[${JSON.stringify(key)}]`, value);
    if (key.length === 0 || [...key].length > metaKeyMaxLength) {
      throw new InvalidArgumentError(field, `keys must be 1–${metaKeyMaxLength} characters`);
    }
    if ([...value].length > metaValueMaxLength) {
      throw new InvalidArgumentError(`${field}[${key}]`, `must be at most ${metaValueMaxLength} characters`);
    }
  }
  return Object.fromEntries(entries);
}

/** distinctIds checks a list of at most `max` distinct ids, each with `check`. */
export function distinctIds(
  field: string,
  raw: readonly string[],
  max: number,
  check: (field: string, raw: string) => string,
): string[] {
  if (raw.length > max) throw new InvalidArgumentError(field, `must have at most ${max} entries`);
  const seen = new Set<string>();
  raw.forEach((id, index) => {
    check(`${field}[${index}]`, id);
    if (seen.has(id)) throw new InvalidArgumentError(`${field}[${index}]`, `repeats ${id}`);
    seen.add(id);
  });
  return [...seen];
}

/** allowedParentTypeIds checks a scope type's allowed parent types: at most 50 distinct type ids. */
export function allowedParentTypeIds(field: string, raw: readonly string[]): string[] {
  return distinctIds(field, raw, SCOPE_LIMITS.allowedParentTypesMax, (name, id) => resourceId("scopeType", name, id));
}

const PERMISSION = /^[A-Za-z0-9_.:/-]+$/;
const PERMISSION_PATTERN = /^[A-Za-z0-9_.:/*-]+$/;

/** permission checks the permission of a check: no wildcards. */
export function permission(field: string, raw: string): string {
  if (raw === "") throw new InvalidArgumentError(field, "is required");
  if (raw.length > SCOPE_LIMITS.permissionMaxLength || !PERMISSION.test(raw)) {
    throw new InvalidArgumentError(
      field,
      `must be 1–${SCOPE_LIMITS.permissionMaxLength} letters, digits or _ . : / - (no *)`,
    );
  }
  return raw;
}

/** permissionPatterns checks a role's 1–100 distinct patterns, where `*` is a wildcard. */
export function permissionPatterns(field: string, raw: readonly string[]): string[] {
  if (raw.length === 0) throw new InvalidArgumentError(field, "must have at least one permission");
  return distinctIds(field, raw, SCOPE_LIMITS.permissionsPerRoleMax, (name, pattern) => {
    if (
      pattern.length === 0 ||
      pattern.length > SCOPE_LIMITS.permissionMaxLength ||
      !PERMISSION_PATTERN.test(pattern)
    ) {
      throw new InvalidArgumentError(
        name,
        `must be 1–${SCOPE_LIMITS.permissionMaxLength} letters, digits, _ . : / - or the wildcard *`,
      );
    }
    return pattern;
  });
}

/**
 * likePattern turns a permission pattern into a SQL LIKE pattern (with the
 * default backslash escape): `*` becomes `%`, a literal `_` is escaped.
 */
export function likePattern(pattern: string): string {
  return pattern.replaceAll("_", "\\_").replaceAll("*", "%");
}

/**
 * SCOPE_PAGE sizes a ScopeService page over Connect: page_size 0 (proto3's
 * "not set") is the default, 100; at most 1000.
 */
export const SCOPE_PAGE = {
  default: SCOPE_LIMITS.pageSizeDefault,
  max: SCOPE_LIMITS.pageSizeMax,
  zeroMeansDefault: true,
} as const satisfies PageSizeRule;

/**
 * BEDROCK_PAGE sizes a scope page over REST, as the reference's lists do:
 * `limit` 1–1000, 100 when not given; 0 is refused.
 */
export const BEDROCK_PAGE = { ...SCOPE_PAGE, zeroMeansDefault: false } as const satisfies PageSizeRule;

/**
 * scopePages are the page tokens of the ScopeService list `list` asked with
 * `filter` (a token is only accepted with the query that made it); a
 * position is the last key of a page, checked again to be text PostgreSQL
 * can store.
 */
export function scopePages(tokens: PageTokens, list: string, filter: unknown): ListPages<string> {
  return new ListPages(tokens, {
    field: "page_token",
    list,
    query: JSON.stringify(filter),
    length: 1,
    check: ([key]) => storableText("page_token", key as string),
  });
}

/** updatePaths checks an update mask against the paths a resource allows. */
export function updatePaths<P extends string>(paths: readonly string[] | undefined, allowed: readonly P[]): Set<P> {
  if (paths === undefined || paths.length === 0) {
    throw new InvalidArgumentError("update_mask", `is required: name any of ${allowed.join(", ")}`);
  }
  for (const path of paths) {
    if (!(allowed as readonly string[]).includes(path)) {
      throw new InvalidArgumentError(
        "update_mask",
        `unknown path ${JSON.stringify(path)}; allowed: ${allowed.join(", ")}`,
      );
    }
  }
  return new Set(paths as P[]);
}
