import { TooManyFailuresError } from "./errors.js";

/** AuthThrottleOptions bound how many bad secrets one client address may present. */
export type AuthThrottleOptions = {
  /** Failed authentications per address and window; past them the address is refused until the window ends. Default 20. */
  failureBudget: number;
  /** The window over which failures are counted, from the first one, in milliseconds. Default 60,000. */
  windowMs: number;
  /** Addresses tracked at most; the oldest are forgotten first. Default 10,000. */
  maxAddresses: number;
};

/** DEFAULT_AUTH_THROTTLE is what the server uses (documented in the README). */
export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = {
  failureBudget: 20,
  windowMs: 60_000,
  maxAddresses: 10_000,
};

type AddressState = {
  failures: number;
  windowStart: number;
  /** Checks admitted and not yet settled: each may still turn out a failure. */
  inFlight: number;
  /** Checks waiting for one in flight to settle. */
  waiters: Set<() => void>;
  /** Checks refused since the address was blocked in the current window. */
  refused: number;
};

/** BlockSummary is what one address's block came to, reported when its window ends. */
export type BlockSummary = {
  address: string;
  /** Requests refused while blocked, the first (logged on its own) included. */
  refused: number;
  windowMs: number;
};

/**
 * AuthThrottle bounds the secrets one client address may get checked. Keys
 * carry 256 random bits, so guessing is hopeless anyway; the throttle keeps a
 * broken or hostile client from turning failed lookups into load, on every
 * surface a secret is presented on (Bearer on the RPCs and REST, OAuth client
 * credentials).
 *
 * Each address has a budget of `failureBudget` failures per window (which
 * starts at its first failure). Once spent, every check from that address is
 * refused at once with TooManyFailuresError (its `retryAfterSeconds` is when
 * the window ends), before any key lookup: nothing sleeps, so concurrency
 * cannot multiply anything. A good key from a blocked address is refused too:
 * telling it apart would need the very lookup the block exists to save, and
 * the block lasts at most one window.
 *
 * So that concurrent checks cannot overrun the budget, a check counts against
 * it while in flight: when failures plus checks in flight fill the budget, a
 * further check waits for one in flight to settle (a lookup's time, not a
 * penalty), then is admitted or refused. A client with good keys only ever
 * waits while more than `failureBudget` of its checks are in flight at once.
 * Requests without a known address (in-process transports) are not throttled.
 *
 * The first refusal of a block is an ordinary TooManyFailuresError; the later
 * ones are marked `summarized`, so a keyless flood does not write one log line
 * per request: when the window ends, `onBlockEnd` gets the block's count.
 */
export class AuthThrottle {
  readonly #addresses = new Map<string, AddressState>();

  constructor(
    private readonly options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE,
    /** Called once per block with more than one refusal, when the block's window ends (the log's summary line). */
    private readonly onBlockEnd: (summary: BlockSummary) => void = () => undefined,
  ) {}

  /**
   * check runs `authenticate` for a secret presented from `address` once the
   * address's budget admits it, and counts its rejection as a failure when
   * `isFailure` says the secret was bad (not, say, a database outage). Throws
   * TooManyFailuresError without running `authenticate` when the budget is
   * spent, and `signal`'s reason if it aborts while waiting.
   */
  async check<T>(
    address: string | undefined,
    signal: AbortSignal,
    authenticate: () => Promise<T>,
    isFailure: (error: unknown) => boolean,
  ): Promise<T> {
    if (address === undefined) return authenticate();
    const state = this.#admitNow(address, signal) ?? (await this.#admit(address, signal));
    try {
      return await authenticate();
    } catch (error) {
      if (isFailure(error)) this.#noteFailure(address, state);
      throw error;
    } finally {
      state.inFlight--;
      for (const wake of state.waiters) wake();
      if (state.inFlight === 0 && state.failures === 0 && this.#addresses.get(address) === state) {
        this.#addresses.delete(address);
      }
    }
  }

  /** admit takes a place in the budget of `address`, waiting while every place is taken by checks in flight. */
  async #admit(address: string, signal: AbortSignal): Promise<AddressState> {
    for (;;) {
      const state = this.#admitNow(address, signal);
      if (state !== undefined) return state;
      await this.#settled(this.#state(address), signal);
    }
  }

  /**
   * admitNow takes a place in the budget of `address` if one is free
   * (undefined: none is), and throws TooManyFailuresError while it is
   * blocked. It does not wait, so the usual check (a place free) costs no
   * promise.
   */
  #admitNow(address: string, signal: AbortSignal): AddressState | undefined {
    signal.throwIfAborted();
    const state = this.#state(address);
    const now = Date.now();
    if (state.failures > 0 && now - state.windowStart >= this.options.windowMs) state.failures = 0;
    if (state.failures >= this.options.failureBudget) {
      const blockEndsInMs = state.windowStart + this.options.windowMs - now;
      state.refused++;
      if (state.refused === 1) this.#summarizeAt(address, state, blockEndsInMs);
      throw new TooManyFailuresError(Math.max(1, Math.ceil(blockEndsInMs / 1000)), state.refused > 1);
    }
    if (state.failures + state.inFlight >= this.options.failureBudget) return undefined;
    state.inFlight++;
    return state;
  }

  /** settled resolves once a check in flight for `state` settles, or `signal` aborts. */
  #settled(state: AddressState, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        state.waiters.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      state.waiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
    });
  }

  /** summarizeAt reports the block of `address` once it ends, and starts its count afresh. */
  #summarizeAt(address: string, state: AddressState, delayMs: number): void {
    setTimeout(() => {
      const refused = state.refused;
      state.refused = 0;
      if (refused > 1) this.onBlockEnd({ address, refused, windowMs: this.options.windowMs });
    }, delayMs).unref();
  }

  #state(address: string): AddressState {
    let state = this.#addresses.get(address);
    if (state === undefined) {
      state = { failures: 0, windowStart: 0, inFlight: 0, waiters: new Set(), refused: 0 };
      this.#addresses.set(address, state);
      if (this.#addresses.size > this.options.maxAddresses) {
        this.#addresses.delete(this.#addresses.keys().next().value as string);
      }
    }
    return state;
  }

  #noteFailure(address: string, state: AddressState): void {
    if (state.failures === 0) state.windowStart = Date.now();
    state.failures++;
    // Most recently failing addresses are kept longest.
    this.#addresses.delete(address);
    this.#addresses.set(address, state);
  }
}
