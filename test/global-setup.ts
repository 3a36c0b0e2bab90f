import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PgliteConnection } from "@mikro-orm/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/orm.js";
import { buildServer } from "./process.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated PGlite archive each test file's database starts from (empty on PostgreSQL). */
    pgliteTemplate: string;
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
    return () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), "latchkey-pglite-template-"));
  const template = join(dir, "migrated.tar");
  const database = await openDatabase({ pgliteDir: "memory://" });
  try {
    await database.migrate();
    const pglite = await (database.orm.em.getConnection() as unknown as PgliteConnection).getNativeClient();
    const archive = await pglite.dumpDataDir("none");
    writeFileSync(template, Buffer.from(await archive.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("pgliteTemplate", template);
  return () => rmSync(dir, { recursive: true, force: true });
}
