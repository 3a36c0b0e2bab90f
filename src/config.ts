import { isWellFormedSecret, SECRET_PREFIX } from "./domain/secrets.js";

/** Config is everything the server reads from its environment, validated. */
export type Config = {
  /** TCP port; PORT, default 8080. */
  port: number;
  /** Address to listen on; LATCHKEY_HOST, default 127.0.0.1 (set 0.0.0.0 in containers). */
  host: string;
  /** PostgreSQL URL; DATABASE_URL. Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Embedded database and generated key-encryption key; LATCHKEY_DATA_DIR, default ./.latchkey. */
  dataDir: string;
  /** Secret key for the first instance; LATCHKEY_BOOTSTRAP_KEY (an `sk_…` value). */
  bootstrapKey: string | undefined;
  /** AES-256 key-encryption key, base64 of 32 bytes; LATCHKEY_KEK. Required with DATABASE_URL. */
  keyEncryptionKey: Buffer | undefined;
  /** PEM certificate and key paths; LATCHKEY_TLS_CERT and LATCHKEY_TLS_KEY, both or neither. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** Where clients reach the server (issuer URLs); LATCHKEY_PUBLIC_URL, default the listening address. */
  publicUrl: string | undefined;
  /** Serve gRPC server reflection (behind bearer auth); LATCHKEY_REFLECTION `on` (default) or `off`. */
  reflection: boolean;
  /**
   * Browser origins (`scheme://host[:port]`) allowed to call the RPCs across origins; LATCHKEY_CORS_ORIGINS,
   * comma-separated. Default none: only the console served by the server itself (same origin).
   */
  corsOrigins: string[];
  /** How long SIGTERM waits for in-flight calls; LATCHKEY_SHUTDOWN_TIMEOUT_MS, default 30000. */
  shutdownTimeoutMs: number;
  /**
   * Most PostgreSQL connections in this process's pool; LATCHKEY_DB_POOL_MAX, default 10. Each
   * process also holds one LISTEN connection, so PostgreSQL needs replicas × (this + 1) connections.
   * Ignored by embedded PGlite.
   */
  dbPoolMax: number;
} & ConnectionLimits;

/**
 * ConnectionLimits bound what one client can hold open at the edge (see README
 * "Configuration"); each has an environment variable, checked at start.
 */
export type ConnectionLimits = {
  /**
   * How long a new connection may take to show its protocol and an HTTP/1.1
   * request its headers; LATCHKEY_HEADERS_TIMEOUT_MS, default 10000. Silent
   * sockets, half an HTTP/2 preface and trickled headers are closed then.
   */
  headersTimeoutMs: number;
  /**
   * How long a keep-alive HTTP/1.1 connection or an HTTP/2 session with no open
   * stream may stay silent; LATCHKEY_IDLE_TIMEOUT_MS, default 65000 (above the
   * 60 s idle timeout of common load balancers, so they close first).
   */
  idleTimeoutMs: number;
  /** Most open connections; further ones are closed at once; LATCHKEY_MAX_CONNECTIONS, default 10000. */
  maxConnections: number;
  /**
   * Most concurrent streams (calls) on one HTTP/2 connection (its
   * SETTINGS_MAX_CONCURRENT_STREAMS); LATCHKEY_MAX_STREAMS_PER_CONNECTION, default 100.
   */
  maxStreamsPerConnection: number;
  /**
   * Most requests still receiving their body at once, over all connections;
   * past it the oldest is cut; LATCHKEY_MAX_UNFINISHED_REQUESTS, default 256.
   */
  maxUnfinishedRequests: number;
};

/** DEFAULT_CONNECTION_LIMITS are the limits when no variable is set. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 65_000,
  maxConnections: 10_000,
  maxStreamsPerConnection: 100,
  maxUnfinishedRequests: 256,
};

/** ConfigError lists every problem found in the environment at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return value;
}

/** loadConfig reads and checks the environment; it throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, "PORT", 8080, 0, 65535, problems);
  const shutdownTimeoutMs = integer(env, "LATCHKEY_SHUTDOWN_TIMEOUT_MS", 30_000, 0, 3_600_000, problems);
  const dbPoolMax = integer(env, "LATCHKEY_DB_POOL_MAX", 10, 1, 1000, problems);
  const defaults = DEFAULT_CONNECTION_LIMITS;
  const limits: ConnectionLimits = {
    headersTimeoutMs: integer(env, "LATCHKEY_HEADERS_TIMEOUT_MS", defaults.headersTimeoutMs, 100, 600_000, problems),
    idleTimeoutMs: integer(env, "LATCHKEY_IDLE_TIMEOUT_MS", defaults.idleTimeoutMs, 100, 3_600_000, problems),
    maxConnections: integer(env, "LATCHKEY_MAX_CONNECTIONS", defaults.maxConnections, 1, 1_000_000, problems),
    maxStreamsPerConnection: integer(
      env,
      "LATCHKEY_MAX_STREAMS_PER_CONNECTION",
      defaults.maxStreamsPerConnection,
      1,
      10_000,
      problems,
    ),
    maxUnfinishedRequests: integer(
      env,
      "LATCHKEY_MAX_UNFINISHED_REQUESTS",
      defaults.maxUnfinishedRequests,
      1,
      1_000_000,
      problems,
    ),
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must be a postgres:// or postgresql:// URL");
  }

  const bootstrapKey = env.LATCHKEY_BOOTSTRAP_KEY || undefined;
  if (bootstrapKey !== undefined && !isWellFormedSecret(bootstrapKey, SECRET_PREFIX.instance)) {
    problems.push(
      "LATCHKEY_BOOTSTRAP_KEY must be sk_ followed by 43 letters or digits (make one with `latchkey key generate`)",
    );
  }

  let keyEncryptionKey: Buffer | undefined;
  if (env.LATCHKEY_KEK) {
    keyEncryptionKey = Buffer.from(env.LATCHKEY_KEK, "base64");
    if (keyEncryptionKey.length !== 32) problems.push("LATCHKEY_KEK must be the base64 encoding of exactly 32 bytes");
  } else if (databaseUrl !== undefined) {
    problems.push("LATCHKEY_KEK is required with DATABASE_URL (base64 of 32 random bytes: `openssl rand -base64 32`)");
  }

  const publicUrl = env.LATCHKEY_PUBLIC_URL || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+(\/.*)?$/.test(publicUrl)) {
    problems.push("LATCHKEY_PUBLIC_URL must be an http:// or https:// URL");
  }

  const reflectionSetting = env.LATCHKEY_REFLECTION || "on";
  if (reflectionSetting !== "on" && reflectionSetting !== "off") problems.push("LATCHKEY_REFLECTION must be on or off");

  const corsOrigins = (env.LATCHKEY_CORS_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin) || origin.endsWith(":")) {
      problems.push(
        `LATCHKEY_CORS_ORIGINS must be comma-separated origins like https://console.example.com (scheme, host and optional port, no path), got ${JSON.stringify(origin)}`,
      );
    }
  }

  const certFile = env.LATCHKEY_TLS_CERT || undefined;
  const keyFile = env.LATCHKEY_TLS_KEY || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push("LATCHKEY_TLS_CERT and LATCHKEY_TLS_KEY must be set together");
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: env.LATCHKEY_HOST || "127.0.0.1",
    databaseUrl,
    dataDir: env.LATCHKEY_DATA_DIR || "./.latchkey",
    bootstrapKey,
    keyEncryptionKey,
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    publicUrl,
    reflection: reflectionSetting === "on",
    corsOrigins,
    shutdownTimeoutMs,
    dbPoolMax,
    ...limits,
  };
}
