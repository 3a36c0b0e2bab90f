import { openDatabase } from "../src/db/orm.js";

/**
 * With DATABASE_URL set, the tests run against that PostgreSQL database: it
 * is emptied (schema public dropped and recreated) and migrated once here.
 * Point it only at a database you can throw away.
 */
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const database = await openDatabase({ url });
  try {
    await database.fork().execute("drop schema if exists public cascade");
    await database.fork().execute("create schema public");
    await database.migrate();
  } finally {
    await database.close();
  }
}
