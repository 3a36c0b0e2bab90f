import { setTimeout as sleep } from "node:timers/promises";

/** AuthThrottleOptions bound how much a client that presents bad keys is slowed. */
export type AuthThrottleOptions = {
  /** Failed authentications per address and window that are answered at once. Default 20. */
  freeFailures: number;
  /** The window over which failures are counted, in milliseconds. Default 60,000. */
  windowMs: number;
  /** The wait of the first failure past the free ones; it doubles with each further one. Default 100. */
  baseDelayMs: number;
  /** The longest wait. Default 3,000. */
  maxDelayMs: number;
  /** Addresses tracked at most; the oldest are forgotten first. Default 10,000. */
  maxAddresses: number;
};

/** DEFAULT_AUTH_THROTTLE is what the server uses (documented in the README). */
export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = {
  freeFailures: 20,
  windowMs: 60_000,
  baseDelayMs: 100,
  maxDelayMs: 3_000,
  maxAddresses: 10_000,
};

/**
 * AuthThrottle slows clients that keep presenting bad keys. Keys carry 256
 * random bits, so guessing is hopeless anyway; the throttle keeps a broken or
 * hostile client from turning failed lookups into load. It counts failures
 * per client address in a fixed window and says how long to wait before
 * answering the next failure: nothing for the first `freeFailures`, then
 * `baseDelayMs` doubling up to `maxDelayMs`. Only failures wait, so a client
 * with a good key is never slowed, and other addresses are not affected.
 */
export class AuthThrottle {
  /** penalize records a failure from `address` (when known) and waits as long as noteFailure says, or until `signal` aborts. */
  async penalize(address: string | undefined, signal?: AbortSignal): Promise<void> {
    if (address === undefined) return;
    const wait = this.noteFailure(address);
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
  }

  readonly #failures = new Map<string, { count: number; windowStart: number }>();

  constructor(private readonly options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE) {}

  /** noteFailure records a failed authentication from `address` and returns how long to wait before answering. */
  noteFailure(address: string, now: number = Date.now()): number {
    let entry = this.#failures.get(address);
    if (entry === undefined || now - entry.windowStart >= this.options.windowMs) {
      entry = { count: 0, windowStart: now };
    }
    entry.count++;
    this.#failures.delete(address);
    this.#failures.set(address, entry);
    if (this.#failures.size > this.options.maxAddresses) {
      this.#failures.delete(this.#failures.keys().next().value as string);
    }
    const over = entry.count - this.options.freeFailures;
    if (over <= 0) return 0;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over - 1, 30));
  }
}
