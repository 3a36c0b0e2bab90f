import { InvalidArgumentError } from "./errors.js";
import { INPUT_LIMITS } from "./limits.js";

/**
 * Checks every rule that takes text or JSON from a caller runs first: the
 * value must be storable and readable exactly as sent. PostgreSQL's `text`
 * and `jsonb` refuse NUL (U+0000); an unpaired UTF-16 surrogate (which a JSON
 * `\ud800` escape produces) would be stored as U+FFFD, or refused by `jsonb`;
 * deeply nested JSON overflows the stack of recursive code.
 */

/** storableText returns `raw` when it is well-formed Unicode without NUL, else names `field`. */
export function storableText(field: string, raw: string): string {
  if (raw.includes("\u0000")) throw new InvalidArgumentError(field, "must not contain NUL characters");
  if (!raw.isWellFormed()) {
    throw new InvalidArgumentError(field, "must be well-formed Unicode (it holds an unpaired surrogate)");
  }
  return raw;
}

/**
 * storableJson checks a JSON value a caller sent (custom claims): at most
 * INPUT_LIMITS.jsonNestingMax levels of objects and arrays (the value itself
 * is level 1), every key and string storableText, every number finite. A bad
 * entry is named by its path, such as `claims["a"][0]`.
 */
export function storableJson(field: string, value: unknown, depth = 1): void {
  if (typeof value === "string") {
    storableText(field, value);
    return;
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new InvalidArgumentError(field, "must be a finite number");
  }
  if (value === null || typeof value !== "object") return;
  if (depth > INPUT_LIMITS.jsonNestingMax) {
    throw new InvalidArgumentError(field, `must be nested at most ${INPUT_LIMITS.jsonNestingMax} levels deep`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      storableJson(`${field}[${index}]`, item, depth + 1);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = `${field}[${JSON.stringify(key)}]`;
    storableText(path, key);
    storableJson(path, item, depth + 1);
  }
}

/**
 * jsonNestingExceeds tells whether a parsed JSON value nests objects and
 * arrays more than `max` levels deep, without recursion (a REST body of 64 KB
 * can nest 32,000 levels).
 */
export function jsonNestingExceeds(value: unknown, max: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 1; level.length > 0; depth++) {
    const next: unknown[] = [];
    for (const item of level) {
      if (item === null || typeof item !== "object") continue;
      if (depth > max) return true;
      for (const child of Array.isArray(item) ? item : Object.values(item)) next.push(child);
    }
    level = next;
  }
  return false;
}
