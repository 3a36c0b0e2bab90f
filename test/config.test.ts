import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONNECTION_LIMITS, loadConfig } from "../src/config.js";
import { openConfigured } from "../src/runtime.js";
import { itUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

/** problemsOf is what loadConfig reports for `env`, which must be refused with a ConfigError. */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected loadConfig to refuse the environment");
}

describe("LATCHKEY_DB_POOL_MAX", () => {
  it("defaults to 10 and accepts a whole number from 1 to 1000", () => {
    expect(loadConfig({}).dbPoolMax).toBe(10);
    expect(loadConfig({ LATCHKEY_DB_POOL_MAX: "25" }).dbPoolMax).toBe(25);
    for (const bad of ["0", "-1", "1001", "2.5", "ten"]) {
      expect(() => loadConfig({ LATCHKEY_DB_POOL_MAX: bad })).toThrow(
        /LATCHKEY_DB_POOL_MAX must be a whole number from 1 to 1000/,
      );
    }
    expect(() => loadConfig({ LATCHKEY_DB_POOL_MAX: "0" })).toThrow(ConfigError);
  });

  itUnless(NEEDS_POSTGRESQL)("sizes the PostgreSQL pool", async () => {
    const { database } = await openConfigured(
      loadConfig({
        DATABASE_URL: process.env.DATABASE_URL,
        LATCHKEY_KEK: randomBytes(32).toString("base64"),
        LATCHKEY_DB_POOL_MAX: "3",
      }),
    );
    const observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await observer.connect();
    try {
      const marker = `pool-${randomBytes(8).toString("hex")}`;
      const busy = Promise.all(
        Array.from({ length: 8 }, () => database.fork().execute(`select pg_sleep(0.5), '${marker}'`)),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { rows } = await observer.query(
        "select count(*)::int as n from pg_stat_activity where query like $1 and pid <> pg_backend_pid()",
        [`%${marker}%`],
      );
      expect(rows[0].n).toBe(3);
      await busy;
    } finally {
      await observer.end();
      await database.close();
    }
  });
});

describe("LATCHKEY_REFLECTION", () => {
  it("defaults to public, accepts key and off, and refuses anything else", () => {
    expect(loadConfig({}).reflection).toBe("public");
    expect(loadConfig({ LATCHKEY_REFLECTION: "key" }).reflection).toBe("key");
    expect(loadConfig({ LATCHKEY_REFLECTION: "off" }).reflection).toBe("off");
    for (const bad of ["on", "yes", "Public"]) {
      expect(() => loadConfig({ LATCHKEY_REFLECTION: bad })).toThrow(
        /LATCHKEY_REFLECTION must be public .*, key .* or off/,
      );
    }
  });
});

describe("every setting is checked at start", () => {
  it("refuses an unknown LATCHKEY_LOG_LEVEL, a bad LATCHKEY_HOST and unreadable TLS files, all in one error", () => {
    const env = {
      LATCHKEY_LOG_LEVEL: "loud",
      LATCHKEY_HOST: "not a host",
      LATCHKEY_TLS_CERT: "/nonexistent/cert.pem",
      LATCHKEY_TLS_KEY: "/nonexistent/key.pem",
    };
    expect(problemsOf(env)).toEqual([
      "LATCHKEY_TLS_CERT names a file that cannot be read: /nonexistent/cert.pem",
      "LATCHKEY_TLS_KEY names a file that cannot be read: /nonexistent/key.pem",
      'LATCHKEY_HOST must be an IP address or a host name, got "not a host"',
      'LATCHKEY_LOG_LEVEL must be one of info, warn, error, silent, got "loud"',
    ]);
  });

  it("refuses a data directory too long to hold the admin socket, unless PostgreSQL is used", () => {
    const long = `/tmp/${"d".repeat(100)}`;
    expect(() => loadConfig({ LATCHKEY_DATA_DIR: long })).toThrow(/LATCHKEY_DATA_DIR is too long for the admin socket/);
    expect(loadConfig({ LATCHKEY_DATA_DIR: long.slice(0, 96) }).dataDir).toBe(long.slice(0, 96));
    const postgres = { DATABASE_URL: "postgres://db/latchkey", LATCHKEY_KEK: Buffer.alloc(32).toString("base64") };
    expect(loadConfig({ ...postgres, LATCHKEY_DATA_DIR: long }).dataDir).toBe(long);
  });

  it("accepts each log level and the usual hosts", () => {
    for (const level of ["info", "warn", "error", "silent"]) {
      expect(() => loadConfig({ LATCHKEY_LOG_LEVEL: level })).not.toThrow();
    }
    for (const host of ["127.0.0.1", "0.0.0.0", "::", "::1", "localhost", "latchkey.internal"]) {
      expect(loadConfig({ LATCHKEY_HOST: host }).host).toBe(host);
    }
  });
});

describe("connection limits", () => {
  it("default to the documented values and are read from the environment", () => {
    const config = loadConfig({});
    expect({
      headersTimeoutMs: config.headersTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      maxConnections: config.maxConnections,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      maxStreamsPerConnection: config.maxStreamsPerConnection,
      maxUnfinishedRequests: config.maxUnfinishedRequests,
    }).toEqual({
      headersTimeoutMs: 10_000,
      idleTimeoutMs: 65_000,
      maxConnections: 10_000,
      maxConnectionsPerAddress: 1_000,
      maxStreamsPerConnection: 100,
      maxUnfinishedRequests: 256,
    });
    expect(DEFAULT_CONNECTION_LIMITS.maxUnfinishedRequests).toBe(256);
    expect(
      loadConfig({
        LATCHKEY_HEADERS_TIMEOUT_MS: "500",
        LATCHKEY_MAX_CONNECTIONS: "20",
        LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS: "5",
      }),
    ).toMatchObject({
      headersTimeoutMs: 500,
      maxConnections: 20,
      maxConnectionsPerAddress: 5,
    });
  });

  it("reports every bad limit at once", () => {
    const env = {
      LATCHKEY_HEADERS_TIMEOUT_MS: "0",
      LATCHKEY_IDLE_TIMEOUT_MS: "soon",
      LATCHKEY_MAX_CONNECTIONS: "-5",
      LATCHKEY_MAX_CONNECTIONS_PER_ADDRESS: "0",
      LATCHKEY_MAX_STREAMS_PER_CONNECTION: "10001",
      LATCHKEY_MAX_UNFINISHED_REQUESTS: "1.5",
    };
    expect(problemsOf(env).map((problem) => problem.split(" ")[0])).toEqual(Object.keys(env));
  });
});

describe("the bad-secret budget", () => {
  it("defaults to 20 failures per 60 s, is read from the environment, and refuses nonsense", () => {
    expect(loadConfig({}).authThrottle).toMatchObject({ failureBudget: 20, windowMs: 60_000 });
    expect(
      loadConfig({ LATCHKEY_AUTH_FAILURE_BUDGET: "5", LATCHKEY_AUTH_FAILURE_WINDOW_MS: "10000" }).authThrottle,
    ).toMatchObject({ failureBudget: 5, windowMs: 10_000 });
    const problems = problemsOf({ LATCHKEY_AUTH_FAILURE_BUDGET: "0", LATCHKEY_AUTH_FAILURE_WINDOW_MS: "a minute" });
    expect(problems.map((problem) => problem.split(" ")[0])).toEqual([
      "LATCHKEY_AUTH_FAILURE_BUDGET",
      "LATCHKEY_AUTH_FAILURE_WINDOW_MS",
    ]);
  });
});

describe("LATCHKEY_STANDBY_URLS and LATCHKEY_STANDBY_MAX_STALENESS_MS", () => {
  const primary = {
    DATABASE_URL: "postgres://postgres@db:5432/latchkey",
    LATCHKEY_KEK: randomBytes(32).toString("base64"),
  };

  it("default to no standby and 5 s, and read a comma-separated list of standby URLs", () => {
    expect(loadConfig(primary)).toMatchObject({ standbyUrls: [], standbyMaxStalenessMs: 5_000 });
    const config = loadConfig({
      ...primary,
      LATCHKEY_STANDBY_URLS:
        " postgres://postgres@standby-a:5432/latchkey , postgresql://u:p@standby-b/latchkey?sslmode=require,",
      LATCHKEY_STANDBY_MAX_STALENESS_MS: "250",
    });
    expect(config.standbyUrls).toEqual([
      "postgres://postgres@standby-a:5432/latchkey",
      "postgresql://u:p@standby-b/latchkey?sslmode=require",
    ]);
    expect(config.standbyMaxStalenessMs).toBe(250);
  });

  it("refuses a URL that is not a postgres:// URL naming a database, without printing its password", () => {
    for (const bad of ["mysql://standby/latchkey", "postgres://standby", "standby:5432", "postgres://u:s3cret@h/"]) {
      const problems = problemsOf({ ...primary, LATCHKEY_STANDBY_URLS: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^LATCHKEY_STANDBY_URLS must be comma-separated postgres:\/\/ URLs/);
      expect(problems[0]).not.toContain("s3cret");
    }
  });

  it("refuses standbys without DATABASE_URL, a URL listed twice and a bad staleness", () => {
    expect(problemsOf({ LATCHKEY_STANDBY_URLS: "postgres://standby/latchkey" })).toEqual([
      "LATCHKEY_STANDBY_URLS needs DATABASE_URL: standbys replicate a PostgreSQL primary",
    ]);
    expect(
      problemsOf({ ...primary, LATCHKEY_STANDBY_URLS: "postgres://standby/latchkey,postgres://standby/latchkey" }),
    ).toEqual(["LATCHKEY_STANDBY_URLS lists a URL twice"]);
    for (const bad of ["-1", "3600001", "1.5", "soon"]) {
      expect(problemsOf({ ...primary, LATCHKEY_STANDBY_MAX_STALENESS_MS: bad })).toEqual([
        `LATCHKEY_STANDBY_MAX_STALENESS_MS must be a whole number from 0 to 3600000, got ${JSON.stringify(bad)}`,
      ]);
    }
  });
});
