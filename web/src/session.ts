/**
 * The instance key lives in this module's memory and, only if the operator
 * asks, in sessionStorage (gone when the tab closes). It is never written to
 * localStorage, a cookie or the URL.
 */
const STORAGE_NAME = "latchkey.instance-key";

let current: string | undefined;

/** sessionKey is the key in use: memory first, then this tab's sessionStorage. */
export function sessionKey(): string | undefined {
  if (current !== undefined) return current;
  current = sessionStorage.getItem(STORAGE_NAME) ?? undefined;
  return current;
}

/** signIn keeps `key` in memory, and in this tab's sessionStorage when `keepForTab`. */
export function signIn(key: string, keepForTab: boolean): void {
  current = key;
  if (keepForTab) sessionStorage.setItem(STORAGE_NAME, key);
  else sessionStorage.removeItem(STORAGE_NAME);
}

/** signOut forgets the key everywhere it was kept. */
export function signOut(): void {
  current = undefined;
  sessionStorage.removeItem(STORAGE_NAME);
}
