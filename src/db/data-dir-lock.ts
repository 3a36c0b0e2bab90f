import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** LockHolder is what a lock file says about the process that holds the data directory. */
export type LockHolder = {
  pid: number;
  host: string;
  /** The holder's start time in clock ticks since boot (Linux /proc), to tell a reused pid apart; null elsewhere. */
  started: string | null;
  /** What the holder runs: `serve`, `migrate`, `instance create`, … */
  command: string;
};

/** DataDirLockedError says that another live process holds the data directory, and which. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data directory ${dataDir} is in use by another latchkey process (pid ${holder.pid} on ${holder.host}, running ${holder.command})`,
    );
    this.name = "DataDirLockedError";
  }
}

/** DataDirLock is a held lock; release gives it up (also done when the process exits). */
export type DataDirLock = { release(): void };

/** A lock file whose holder never finished writing it is stale after this long (it was killed in between). */
const UNWRITTEN_LOCK_STALE_MS = 2_000;
/** A takeover guard left by a process killed while taking over a stale lock is ignored after this long. */
const TAKEOVER_STALE_MS = 10_000;

/** lockFile is where the holder of a data directory is written. */
export function lockFile(dataDir: string): string {
  return join(dataDir, "lock");
}

/** The directories this process holds, so its own pid in a lock file is told apart from a previous life's. */
const held = new Set<string>();

/**
 * lockDataDir makes this process the one owner of an embedded data directory:
 * PGlite is one process's database, and a second writer corrupts it. The
 * lock is a file created exclusively, naming the holder's pid; it is removed
 * when the process exits, and a lock left by a process that died (kill -9,
 * a crash, a power cut) is recognised by its pid no longer running (or
 * running a different program) and taken over. Throws DataDirLockedError
 * naming the holder when a live process has it.
 */
export function lockDataDir(dataDir: string, command: string): DataDirLock {
  // Only the owner's user may enter: the key-encryption key and the admin socket live here.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFile(dataDir);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: startTime(process.pid), command };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(dataDir);
    if (holder !== undefined) throw new DataDirLockedError(dataDir, holder);
    if (attempt >= 50)
      throw new Error(`could not take over the stale lock ${file}: remove it if no latchkey uses ${dataDir}`);
    takeOverStale(dataDir);
    sleep(20);
  }
  held.add(file);
  const release = () => {
    if (!held.delete(file)) return;
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  };
  process.once("exit", release);
  return {
    release() {
      process.off("exit", release);
      release();
    },
  };
}

/**
 * lockHolder returns the live process holding the data directory, or
 * undefined when nobody does (no lock file, or one left by a dead process).
 * A lock file still being written counts as held.
 */
export function lockHolder(dataDir: string): LockHolder | undefined {
  const found = inspectLock(lockFile(dataDir));
  return found === "absent" || found === "stale" ? undefined : found;
}

/**
 * inspectLock tells what a lock file is: absent, stale (left by a dead
 * process, or unreadable and older than UNWRITTEN_LOCK_STALE_MS), or held by
 * the live process it names. Only a stale file may be removed: an absent one
 * may be created by another process at any moment.
 */
function inspectLock(file: string): LockHolder | "absent" | "stale" {
  let holder: LockHolder | undefined;
  try {
    holder = readHolder(file);
    if (holder === undefined && Date.now() - statSync(file).mtimeMs < UNWRITTEN_LOCK_STALE_MS) {
      return { pid: 0, host: hostname(), started: null, command: "(starting)" };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw error;
  }
  return holder !== undefined && isAlive(holder, file) ? holder : "stale";
}

function readHolder(file: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return Number.isInteger(parsed.pid) && typeof parsed.host === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * isAlive tells whether the process a lock file names is still the one that
 * wrote it. A holder on another host cannot be checked and counts as alive.
 */
function isAlive(holder: LockHolder, file: string): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return held.has(file);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const started = startTime(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

/**
 * takeOverStale removes a stale lock file under a guard file, so two
 * processes finding the same stale lock cannot both remove it (the second
 * would remove the first one's fresh lock).
 */
function takeOverStale(dataDir: string): void {
  const file = lockFile(dataDir);
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(guard);
    } catch {
      // Gone already: its owner finished.
    }
    return;
  }
  try {
    closeSync(fd);
    // While this guard is held no one else removes a stale file, so the one
    // seen here is the one removed; a file found absent is left alone, since
    // a fresh lock may be created in its place after the look.
    if (inspectLock(file) === "stale") unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  } finally {
    unlinkSync(guard);
  }
}

/** startTime reads a process's start time from /proc (Linux), or null where that is not available. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22, counted after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
