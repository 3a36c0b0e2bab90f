import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { openConfigured } from "../src/runtime.js";
import { itUnless, NEEDS_POSTGRESQL } from "./skip-reason.js";

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
