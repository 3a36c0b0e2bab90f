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

/**
 * log writes one JSON object per line to stdout. Callers pass only fields that
 * are safe to keep: never a secret, token or request body.
 */
export function log(level: Exclude<LogLevel, "silent">, msg: string, fields: Record<string, unknown> = {}): void {
  if (LEVELS[level] < minimum) return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
