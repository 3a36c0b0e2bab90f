const LEVELS = { info: 0, warn: 1, error: 2, silent: 3 } as const;

/** LOG_LEVELS are the values LATCHKEY_LOG_LEVEL takes; loadConfig refuses any other at start. */
export const LOG_LEVELS = Object.keys(LEVELS) as LogLevel[];

/** LogLevel names the least severe line written; LATCHKEY_LOG_LEVEL, default info. */
export type LogLevel = keyof typeof LEVELS;

function threshold(): number {
  const level = process.env.LATCHKEY_LOG_LEVEL as LogLevel | undefined;
  return level !== undefined && level in LEVELS ? LEVELS[level] : LEVELS.info;
}

const minimum = threshold();

/** FLUSH_AT_CHARS sends the lines held so far at once when they pass it, whatever the turn. */
const FLUSH_AT_CHARS = 64 * 1024;

/** pending holds the lines written since the last flush, in order. */
let pending = "";
let flushScheduled = false;

/** flush sends the pending lines to stdout in one write. */
function flush(): void {
  flushScheduled = false;
  if (pending === "") return;
  const lines = pending;
  pending = "";
  process.stdout.write(lines);
}

// Whatever ends the process (process.exit, the last handle closing, an
// uncaught error), the lines of its last turn still go out.
process.on("exit", flush);

/**
 * log writes one JSON object per line to stdout. Callers pass only fields that
 * are safe to keep: never a secret, token or request body.
 *
 * The lines of one event-loop turn go out together, in one write when the
 * turn's I/O is done (setImmediate): under load a turn answers many calls,
 * and each line was its own system call (stdout is synchronous for files and
 * pipes): 5,078 writes for 5,000 GetMachine calls before, 241 after
 * (bench/README.md). A line is at most one turn late, and nothing is lost on
 * exit.
 */
export function log(level: Exclude<LogLevel, "silent">, msg: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < minimum) return;
  pending += `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  if (pending.length >= FLUSH_AT_CHARS) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
