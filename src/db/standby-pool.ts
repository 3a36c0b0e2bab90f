import type { Consistency, Lsn } from "../domain/consistency.js";
import { parseLsn } from "../domain/consistency.js";
import { DomainError } from "../domain/errors.js";
import { log } from "../log.js";
import { type Database, type Db, openDatabase } from "./orm.js";
import { currentPosition } from "./wal-position.js";

/** STANDBY_POLL_INTERVAL_MS is how often each standby's replay position is read. */
export const STANDBY_POLL_INTERVAL_MS = 500;
/** STANDBY_PROBE_TIMEOUT_MS: a standby that does not answer its probe within it is out of rotation. */
export const STANDBY_PROBE_TIMEOUT_MS = 2_000;

/** StandbyOptions tune a StandbyPool; see the constants for the defaults. */
export type StandbyOptions = {
  /** How far behind the primary a standby may be for minimize-latency reads. */
  maxStalenessMs: number;
  /** Most connections to each standby (LATCHKEY_DB_POOL_MAX). */
  poolMax: number;
};

/** What the pool knows of one standby, from its last probe. */
type Standby = {
  /** host:port/database, for the logs (never the password). */
  readonly name: string;
  readonly database: Database;
  /** Answered its last probe as a server in recovery, and no call failed on it since. */
  reachable: boolean;
  /** The position it had replayed at its last probe (replay only moves forward). */
  replayed: Lsn | undefined;
  /** The newest time at which it had everything the primary had committed. */
  freshAt: number | undefined;
  /** Whether it was last logged as in rotation, so each change is logged once. */
  logged: "in" | "out" | undefined;
};

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

function timeout<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/**
 * StandbyPool sends reads that may run on a PostgreSQL hot standby
 * (LATCHKEY_STANDBY_URLS) to one, and everything else to the primary.
 *
 * Every STANDBY_POLL_INTERVAL_MS it reads the primary's log position, then
 * each standby's replay position. A standby is *fresh as of* the newest
 * primary reading its replay has reached: it had every commit made before
 * that moment. A read that must be at least as fresh as a position goes to a
 * standby whose last probe had replayed past it (replay never goes back, so
 * it still has); a minimize-latency read goes to a standby fresh as of no more
 * than the maximum staleness ago; otherwise, or when no standby qualifies or
 * is configured, the primary. A standby that does not answer its probe, is
 * not in recovery, or fails a call leaves the rotation until a probe finds it
 * well again; the call it failed is answered by the primary.
 */
export class StandbyPool {
  readonly #standbys: Standby[];
  readonly #history: { time: number; position: Lsn }[] = [];
  #next = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  private constructor(
    private readonly primary: Database | undefined,
    standbys: Standby[],
    private readonly maxStalenessMs: number,
  ) {
    this.#standbys = standbys;
  }

  /** none is the pool of a server without standbys: every read runs on the primary. */
  static none(): StandbyPool {
    return new StandbyPool(undefined, [], 0);
  }

  /** open connects (lazily) to each standby in `urls`; start() begins watching them. */
  static async open(primary: Database, urls: readonly string[], options: StandbyOptions): Promise<StandbyPool> {
    const standbys = await Promise.all(
      urls.map(async (url) => ({
        name: describeUrl(url),
        database: await openDatabase({ url }, options.poolMax),
        reachable: false,
        replayed: undefined,
        freshAt: undefined,
        logged: undefined,
      })),
    );
    return new StandbyPool(primary, standbys, options.maxStalenessMs);
  }

  /** start probes every standby once (so the first reads can use them) and then every STANDBY_POLL_INTERVAL_MS. */
  async start(): Promise<void> {
    if (this.#standbys.length === 0) return;
    await this.poll();
    this.#timer = setInterval(() => void this.poll(), STANDBY_POLL_INTERVAL_MS);
    this.#timer.unref();
  }

  /** stop ends the probes and closes the standbys' connections. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
    await Promise.all(this.#standbys.map((standby) => standby.database.close()));
  }

  /**
   * read runs `work` on a standby that satisfies `consistency`, or on
   * `primary` (the call's own connection). Any other failure on the standby
   * runs `work` again on the primary and, unless it was a query cancelled by
   * a conflict with replay (SQLSTATE 40001, a healthy standby's hazard), takes
   * the standby out of rotation until its next good probe. The caller's own
   * faults are the answer and are thrown as they are, so no request can push
   * a standby out: a domain error (NotFound…) or a value PostgreSQL refuses
   * (SQLSTATE class 22).
   */
  async read<T>(primary: Db, consistency: Consistency, work: (db: Db) => Promise<T>): Promise<T> {
    const standby = this.#choose(consistency);
    if (standby === undefined) return work(primary);
    try {
      return await work(standby.database.fork());
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (error instanceof DomainError || (typeof code === "string" && code.startsWith("22"))) throw error;
      if (code !== "40001") {
        standby.reachable = false;
        this.#report(standby, error instanceof Error ? error.message : String(error));
      }
      return work(primary);
    }
  }

  /** poll reads the primary's position, then every standby's; one at a time. */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  #choose(consistency: Consistency): Standby | undefined {
    if (consistency.kind === "fully-consistent" || this.#standbys.length === 0) return undefined;
    const now = Date.now();
    const usable = this.#standbys.filter((standby) =>
      consistency.kind === "at-least-as-fresh"
        ? standby.reachable && standby.replayed !== undefined && standby.replayed >= consistency.lsn
        : this.#inRotation(standby, now),
    );
    if (usable.length === 0) return undefined;
    this.#next = (this.#next + 1) % usable.length;
    return usable[this.#next];
  }

  #inRotation(standby: Standby, now: number): boolean {
    return standby.reachable && standby.freshAt !== undefined && now - standby.freshAt <= this.maxStalenessMs;
  }

  async #poll(): Promise<void> {
    if (this.primary === undefined) return;
    const time = Date.now();
    try {
      const position = await timeout(STANDBY_PROBE_TIMEOUT_MS, "the primary", currentPosition(this.primary.fork()));
      this.#history.push({ time, position });
    } catch (error) {
      // Without the primary's position freshness cannot be judged; the standbys' replay positions still can.
      log("warn", "standby watch: could not read the primary's log position", {
        cause: error instanceof Error ? error.message : String(error),
      });
    }
    // Readings older than the staleness bound cannot put a standby back in rotation; keep one of them.
    while (this.#history.length > 1 && (this.#history[1]?.time ?? time) < time - this.maxStalenessMs) {
      this.#history.shift();
    }
    await Promise.all(this.#standbys.map((standby) => this.#probe(standby)));
  }

  async #probe(standby: Standby): Promise<void> {
    try {
      const [row] = await timeout(
        STANDBY_PROBE_TIMEOUT_MS,
        `standby ${standby.name}`,
        standby.database
          .fork()
          .execute<{ recovering: boolean; replayed: string | null }[]>(
            "select pg_is_in_recovery() as recovering, pg_last_wal_replay_lsn()::text as replayed",
          ),
      );
      if (row?.recovering !== true || row.replayed === null) {
        standby.reachable = false;
        this.#report(standby, "it is not a standby in recovery (promoted, or the URL names a primary)");
        return;
      }
      const replayed = parseLsn(row.replayed);
      standby.replayed = replayed;
      standby.reachable = true;
      for (const reading of this.#history) {
        if (reading.position <= replayed && (standby.freshAt === undefined || reading.time > standby.freshAt)) {
          standby.freshAt = reading.time;
        }
      }
      this.#report(
        standby,
        standby.freshAt === undefined
          ? "it has not caught up with the primary yet"
          : `it has been ${Date.now() - standby.freshAt} ms behind the primary`,
      );
    } catch (error) {
      standby.reachable = false;
      this.#report(standby, error instanceof Error ? error.message : String(error));
    }
  }

  /** #report logs a standby joining or leaving the minimize-latency rotation, once per change. */
  #report(standby: Standby, reason: string): void {
    const state = this.#inRotation(standby, Date.now()) ? "in" : "out";
    if (state === standby.logged) return;
    standby.logged = state;
    if (state === "in") log("info", "standby in rotation", { standby: standby.name });
    else log("warn", "standby out of rotation", { standby: standby.name, reason });
  }
}
