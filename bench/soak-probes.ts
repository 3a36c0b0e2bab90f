// Probes the soak (bench/soak.ts) runs beside its load, to say where a call's
// time goes: the server's event loop (a health check's latency), PostgreSQL's
// backends (what each is doing, sampled from pg_stat_activity), and the CPU
// of each process and of the whole machine (from /proc).
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { CLOCK_TICKS_PER_SECOND, cpuMicros } from "./lib.js";

/** percentile reads the q-quantile of an ascending array (0 when empty). */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * machineCpu reads the whole machine's CPU time so far from /proc/stat, in
 * clock ticks: busy (everything but idle and iowait) and total, summed over
 * the cores. Two readings give the share of all cores that was busy between.
 */
export function machineCpu(): { busy: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest times are inside user already)
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** cpuSplitMicros reads a process's user and system CPU time so far, in µs, from /proc/<pid>/stat. */
export function cpuSplitMicros(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const micros = (ticks: string | undefined) => (Number(ticks) * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  return { user: micros(fields[11]), system: micros(fields[12]) };
}

/**
 * schedMicros reads, from /proc/<pid>/schedstat, how long a process's main
 * thread (for Node, its event loop) has run on a core and how long it has
 * been runnable but waiting for one (its run-queue delay), in µs. Time a call
 * spends in the second is neither CPU work nor I/O: the cores were taken.
 */
export function schedMicros(pid: number): { running: number; waiting: number } {
  const [running, waiting] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ").map(Number);
  return { running: (running ?? 0) / 1000, waiting: (waiting ?? 0) / 1000 };
}

/** cpuMicrosOrUndefined is cpuMicros for a process that may have exited. */
function cpuMicrosOrUndefined(pid: number): number | undefined {
  try {
    return cpuMicros(pid);
  } catch {
    return undefined;
  }
}

/** runQueueOrUndefined is schedMicros' waiting for a process that may have exited. */
function runQueueOrUndefined(pid: number): number | undefined {
  try {
    return schedMicros(pid).waiting;
  } catch {
    return undefined;
  }
}

/**
 * HealthProbe sends `grpc.health.v1.Health/Check` (Connect JSON over
 * HTTP/1.1, no key, no database) every `intervalMs` and records how long each
 * took. The call does almost nothing in the server, so its latency beyond the
 * idle baseline is time it waited for the server's event loop (and for a core):
 * the event-loop delay a real call sees, measured from outside the process.
 */
export class HealthProbe {
  readonly #url: string;
  readonly #intervalMs: number;
  #running = false;
  #loop: Promise<void> = Promise.resolve();
  latencies: number[] = [];
  failures = 0;

  constructor(serverUrl: string, intervalMs = 100) {
    this.#url = `${serverUrl}/grpc.health.v1.Health/Check`;
    this.#intervalMs = intervalMs;
  }

  /** start begins probing with an empty record. */
  start(): void {
    this.latencies = [];
    this.failures = 0;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        const started = performance.now();
        try {
          const response = await fetch(this.#url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          await response.text();
          if (response.ok) this.latencies.push(performance.now() - started);
          else this.failures++;
        } catch {
          this.failures++;
        }
        await sleep(this.#intervalMs);
      }
    })();
  }

  /** stop ends probing and returns the latencies in ms, ascending. */
  async stop(): Promise<number[]> {
    this.#running = false;
    await this.#loop;
    return this.latencies.sort((a, b) => a - b);
  }
}

/** What the database sampler saw over a run. */
export type DatabaseSamples = {
  samples: number;
  /** Mean backends of the server's database in a transaction or running a statement, per sample. */
  meanBusy: number;
  /** Share of samples with at least `poolMax` busy backends: calls could have been waiting for a connection. */
  poolFullShare: number;
  /** Busy backend-samples by what they were doing: "running" (no wait event), "in transaction, waiting for latchkey", or the wait event. */
  states: Map<string, number>;
  /** Busy backend-samples blocked by another backend's lock (pg_blocking_pids). */
  blocked: number;
  /** CPU µs used by the database's backends while they were seen. */
  backendCpuMicros: number;
  /** µs the database's backends spent runnable but waiting for a core while they were seen. */
  backendRunQueueMicros: number;
};

/**
 * DatabaseSampler reads pg_stat_activity for one database every `intervalMs`
 * over a connection of its own (left out of the figures): how many backends
 * are busy (running a statement, or inside a transaction waiting for the
 * server's next statement), on what they wait (locks, WAL flush, I/O, the
 * client), and whether they are blocked by another backend's lock. It also
 * reads each backend's CPU from /proc (PostgreSQL on this machine).
 */
export class DatabaseSampler {
  readonly #url: string;
  readonly #database: string;
  readonly #poolMax: number;
  readonly #intervalMs: number;
  #running = false;
  #loop: Promise<void> = Promise.resolve();
  #client: pg.Client | undefined;
  #result: DatabaseSamples = DatabaseSampler.#empty();
  /** First and latest CPU and run-queue readings of each backend seen. */
  #cpu = new Map<number, { first: number; last: number; firstWait: number; lastWait: number }>();

  constructor(url: string, database: string, poolMax: number, intervalMs = 200) {
    this.#url = url;
    this.#database = database;
    this.#poolMax = poolMax;
    this.#intervalMs = intervalMs;
  }

  static #empty(): DatabaseSamples {
    return {
      samples: 0,
      meanBusy: 0,
      poolFullShare: 0,
      states: new Map(),
      blocked: 0,
      backendCpuMicros: 0,
      backendRunQueueMicros: 0,
    };
  }

  /** start connects and begins sampling with an empty record. */
  async start(): Promise<void> {
    this.#client = new pg.Client({ connectionString: this.#url });
    await this.#client.connect();
    this.#result = DatabaseSampler.#empty();
    this.#cpu.clear();
    this.#running = true;
    let busyTotal = 0;
    let fullSamples = 0;
    this.#loop = (async () => {
      while (this.#running) {
        const { rows } = await (this.#client as pg.Client).query<{
          pid: number;
          state: string | null;
          wait_event_type: string | null;
          wait_event: string | null;
          blocked: boolean;
        }>(
          `select pid, state, wait_event_type, wait_event, cardinality(pg_blocking_pids(pid)) > 0 as blocked
             from pg_stat_activity
            where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
          [this.#database],
        );
        let busy = 0;
        for (const row of rows) {
          const micros = cpuMicrosOrUndefined(row.pid);
          const wait = micros === undefined ? undefined : runQueueOrUndefined(row.pid);
          if (micros !== undefined && wait !== undefined) {
            const seen = this.#cpu.get(row.pid);
            if (seen === undefined)
              this.#cpu.set(row.pid, { first: micros, last: micros, firstWait: wait, lastWait: wait });
            else Object.assign(seen, { last: micros, lastWait: wait });
          }
          if (row.state === "idle" || row.state === null) continue;
          busy++;
          const what =
            row.state === "idle in transaction"
              ? "in a transaction, waiting for latchkey's next statement"
              : row.wait_event === null
                ? "running a statement (on a core or waiting for one)"
                : `waiting: ${row.wait_event_type}:${row.wait_event}`;
          this.#result.states.set(what, (this.#result.states.get(what) ?? 0) + 1);
          if (row.blocked) this.#result.blocked++;
        }
        this.#result.samples++;
        busyTotal += busy;
        if (busy >= this.#poolMax) fullSamples++;
        this.#result.meanBusy = busyTotal / this.#result.samples;
        this.#result.poolFullShare = fullSamples / this.#result.samples;
        await sleep(this.#intervalMs);
      }
    })();
  }

  /** stop ends sampling and returns what it saw. */
  async stop(): Promise<DatabaseSamples> {
    this.#running = false;
    await this.#loop;
    await this.#client?.end();
    for (const { first, last, firstWait, lastWait } of this.#cpu.values()) {
      this.#result.backendCpuMicros += last - first;
      this.#result.backendRunQueueMicros += lastWait - firstWait;
    }
    return this.#result;
  }
}
