import { accessSync, constants } from "node:fs";
import { isIP } from "node:net";
import { adminSocketPath } from "./admin/admin-socket.js";
import { type AuthThrottleOptions, DEFAULT_AUTH_THROTTLE } from "./domain/auth-throttle.js";
import { isWellFormedSecret, SECRET_PREFIX } from "./domain/secrets.js";
import { LOG_LEVELS } from "./log.js";
import type { ReflectionMode } from "./routes.js";

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
  /** Who may read the schema by gRPC server reflection; LATCHKEY_REFLECTION `public` (default), `key` or `off`. */
  reflection: ReflectionMode;
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
  /**
   * The bad-secret budget of one client address (see AuthThrottle):
   * LATCHKEY_AUTH_FAILURE_BUDGET failures (default 20) per
   * LATCHKEY_AUTH_FAILURE_WINDOW_MS (default 60000).
   */
  authThrottle: AuthThrottleOptions;
  /**
   * PostgreSQL hot standbys of DATABASE_URL's server, for permission checks that allow it (see
   * README "Scaling out"); LATCHKEY_STANDBY_URLS, comma-separated. Default none: every read on the primary.
   */
  standbyUrls: string[];
  /**
   * How far behind the primary a standby may be and still answer `minimize_latency` reads;
   * LATCHKEY_STANDBY_MAX_STALENESS_MS, default DEFAULT_STANDBY_MAX_STALENESS_MS (5000).
   */
  standbyMaxStalenessMs: number;
} & ConnectionLimits;

/** DEFAULT_STANDBY_MAX_STALENESS_MS is LATCHKEY_STANDBY_MAX_STALENESS_MS's default: 5 seconds. */
export const DEFAULT_STANDBY_MAX_STALENESS_MS = 5_000;

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
   * Most open connections from one client address, so one client cannot hold
   * every slot of maxConnections; further ones from that address are closed
   * at once; LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS, default 1000.
   */
  maxConnectionsPerAddress: number;
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
  maxConnectionsPerAddress: 1_000,
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

/** UNIX_SOCKET_PATH_MAX_BYTES is the longest Unix socket path Linux accepts (108 bytes with the final NUL). */
const UNIX_SOCKET_PATH_MAX_BYTES = 107;

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** loadConfig reads and checks the environment; it throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, "PORT", 8080, 0, 65535, problems);
  const shutdownTimeoutMs = integer(env, "LATCHKEY_SHUTDOWN_TIMEOUT_MS", 30_000, 0, 3_600_000, problems);
  const dbPoolMax = integer(env, "LATCHKEY_DB_POOL_MAX", 10, 1, 1000, problems);
  const authThrottle: AuthThrottleOptions = {
    ...DEFAULT_AUTH_THROTTLE,
    failureBudget: integer(
      env,
      "LATCHKEY_AUTH_FAILURE_BUDGET",
      DEFAULT_AUTH_THROTTLE.failureBudget,
      1,
      1_000_000,
      problems,
    ),
    windowMs: integer(
      env,
      "LATCHKEY_AUTH_FAILURE_WINDOW_MS",
      DEFAULT_AUTH_THROTTLE.windowMs,
      1_000,
      86_400_000,
      problems,
    ),
  };
  const defaults = DEFAULT_CONNECTION_LIMITS;
  const limits: ConnectionLimits = {
    headersTimeoutMs: integer(env, "LATCHKEY_HEADERS_TIMEOUT_MS", defaults.headersTimeoutMs, 100, 600_000, problems),
    idleTimeoutMs: integer(env, "LATCHKEY_IDLE_TIMEOUT_MS", defaults.idleTimeoutMs, 100, 3_600_000, problems),
    maxConnections: integer(env, "LATCHKEY_MAX_CONNECTIONS", defaults.maxConnections, 1, 1_000_000, problems),
    maxConnectionsPerAddress: integer(
      env,
      "LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS",
      defaults.maxConnectionsPerAddress,
      1,
      1_000_000,
      problems,
    ),
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

  const standbyUrls = (env.LATCHKEY_STANDBY_URLS ?? "")
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  for (const url of standbyUrls) {
    if (!/^postgres(ql)?:\/\/[^/\s]+\/[^/\s?]+(\?\S*)?$/.test(url) || !URL.canParse(url)) {
      problems.push(
        `LATCHKEY_STANDBY_URLS must be comma-separated postgres:// URLs naming a host and the database, got ${JSON.stringify(url.replace(/:[^:@/]*@/, ":…@"))}`,
      );
    }
  }
  if (standbyUrls.length > 0 && databaseUrl === undefined) {
    problems.push("LATCHKEY_STANDBY_URLS needs DATABASE_URL: standbys replicate a PostgreSQL primary");
  }
  if (new Set(standbyUrls).size !== standbyUrls.length) problems.push("LATCHKEY_STANDBY_URLS lists a URL twice");
  const standbyMaxStalenessMs = integer(
    env,
    "LATCHKEY_STANDBY_MAX_STALENESS_MS",
    DEFAULT_STANDBY_MAX_STALENESS_MS,
    0,
    3_600_000,
    problems,
  );

  const bootstrapKey = env.LATCHKEY_BOOTSTRAP_KEY || undefined;
  if (bootstrapKey !== undefined && !isWellFormedSecret(bootstrapKey, SECRET_PREFIX.instance)) {
    problems.push(
      "LATCHKEY_BOOTSTRAP_KEY must be sk_ followed by 43 letters or digits (make one with `npx latchkey key generate`)",
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

  const reflectionSetting = env.LATCHKEY_REFLECTION || "public";
  const reflectionModes: readonly ReflectionMode[] = ["public", "key", "off"];
  const reflection = reflectionModes.find((mode) => mode === reflectionSetting);
  if (reflection === undefined) {
    problems.push(
      `LATCHKEY_REFLECTION must be public (anyone may read the schema), key (a bearer key is needed) or off, got ${JSON.stringify(reflectionSetting)}`,
    );
  }

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
  for (const [name, file] of [
    ["LATCHKEY_TLS_CERT", certFile],
    ["LATCHKEY_TLS_KEY", keyFile],
  ] as const) {
    if (file !== undefined && !readable(file)) problems.push(`${name} names a file that cannot be read: ${file}`);
  }

  const host = env.LATCHKEY_HOST || "127.0.0.1";
  if (
    isIP(host) === 0 &&
    !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)
  ) {
    problems.push(`LATCHKEY_HOST must be an IP address or a host name, got ${JSON.stringify(host)}`);
  }

  const logLevel = env.LATCHKEY_LOG_LEVEL || "info";
  if (!(LOG_LEVELS as string[]).includes(logLevel)) {
    problems.push(`LATCHKEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(logLevel)}`);
  }

  const dataDir = env.LATCHKEY_DATA_DIR || "./.latchkey";
  if (databaseUrl === undefined && Buffer.byteLength(adminSocketPath(dataDir)) > UNIX_SOCKET_PATH_MAX_BYTES) {
    problems.push(
      `LATCHKEY_DATA_DIR is too long for the admin socket inside it (its path may be at most ${UNIX_SOCKET_PATH_MAX_BYTES - "/admin.sock".length} bytes; a relative path counts as written)`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    dataDir,
    bootstrapKey,
    keyEncryptionKey,
    tls: certFile && keyFile ? { certFile, keyFile } : undefined,
    publicUrl,
    reflection: reflection ?? "public",
    corsOrigins,
    shutdownTimeoutMs,
    dbPoolMax,
    authThrottle,
    standbyUrls,
    standbyMaxStalenessMs,
    ...limits,
  };
}
