/**
 * log writes one JSON object per line to stdout. Callers pass only fields that
 * are safe to keep: never a secret, token or request body.
 */
export function log(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}
