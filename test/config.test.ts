import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONNECTION_LIMITS, loadConfig } from "../src/config.js";
import { openConfigured } from "../src/runtime.js";

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

  it.skipIf(process.env.DATABASE_URL === undefined)("sizes the PostgreSQL pool", async () => {
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

describe("connection limits", () => {
  it("default to the documented values and are read from the environment", () => {
    const config = loadConfig({});
    expect({
      headersTimeoutMs: config.headersTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      maxConnections: config.maxConnections,
      maxStreamsPerConnection: config.maxStreamsPerConnection,
      maxUnfinishedRequests: config.maxUnfinishedRequests,
    }).toEqual({
      headersTimeoutMs: 10_000,
      idleTimeoutMs: 65_000,
      maxConnections: 10_000,
      maxStreamsPerConnection: 100,
      maxUnfinishedRequests: 256,
    });
    expect(DEFAULT_CONNECTION_LIMITS.maxUnfinishedRequests).toBe(256);
    expect(loadConfig({ LATCHKEY_HEADERS_TIMEOUT_MS: "500", LATCHKEY_MAX_CONNECTIONS: "20" })).toMatchObject({
      headersTimeoutMs: 500,
      maxConnections: 20,
    });
  });

  it("reports every bad limit at once", () => {
    const env = {
      LATCHKEY_HEADERS_TIMEOUT_MS: "0",
      LATCHKEY_IDLE_TIMEOUT_MS: "soon",
      LATCHKEY_MAX_CONNECTIONS: "-5",
      LATCHKEY_MAX_STREAMS_PER_CONNECTION: "10001",
      LATCHKEY_MAX_UNFINISHED_REQUESTS: "1.5",
    };
    let problems: string[] = [];
    try {
      loadConfig(env);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => problem.split(" ")[0])).toEqual(Object.keys(env));
  });
});
