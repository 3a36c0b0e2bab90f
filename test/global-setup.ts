import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PgliteConnection } from "@mikro-orm/pglite";
import type { TestProject } from "vitest/node";
import { embeddedDatabaseDir, openDatabase } from "../src/db/orm.js";
import { buildServer } from "./process.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite archive each test file's database starts from (empty on PostgreSQL). */
    pgliteTemplate: string;
    /**
     * A migrated embedded database directory (a data directory's `pgdata`, as
     * `npx latchkey migrate` leaves it) that test/process.ts copies into the
     * data directories of the server processes tests start (empty on PostgreSQL).
     */
    migratedPgdata: string;
  }
}

/**
 * setup runs once per `vitest run`. It compiles the server (tests that start
 * latchkey processes run the same dist/ that `npm start` does) and migrates
 * the database once:
 * - with DATABASE_URL set, the tests run against that PostgreSQL database: it
 *   is emptied (schema public dropped and recreated) and migrated here. Point
 *   it only at a database you can throw away.
 * - otherwise each test file gets an in-memory PGlite of its own, loaded from
 *   the archive of one migrated here (migrating takes seconds, loading about
 *   one), so the files stay isolated without each paying for the migrations.
 *   The migrated directory itself is kept too: the server processes tests
 *   start get a copy of it in a data directory of their own (test/process.ts
 *   tempDataDir), instead of each creating and migrating a database (about
 *   4 s of CPU per process).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  buildServer();
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = await openDatabase({ url });
    try {
      await database.fork().execute("drop schema if exists public cascade");
      await database.fork().execute("create schema public");
      await database.migrate();
    } finally {
      await database.close();
    }
    project.provide("pgliteTemplate", "");
    project.provide("migratedPgdata", "");
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "latchkey-pglite-template-"));
  const template = join(dir, "migrated.tar");
  const pgdata = embeddedDatabaseDir(join(dir, "data"));
  const database = await openDatabase({ pgliteDir: pgdata });
  try {
    await database.migrate();
    const pglite = await (database.orm.em.getConnection() as unknown as PgliteConnection).getNativeClient();
    const archive = await pglite.dumpDataDir("none");
    writeFileSync(template, Buffer.from(await archive.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("pgliteTemplate", template);
  project.provide("migratedPgdata", pgdata);
  return () => rmSync(dir, { recursive: true, force: true });
}
