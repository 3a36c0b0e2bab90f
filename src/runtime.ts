import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.js";
import { InstanceRepository } from "./db/instance-repository.js";
import { type Database, embeddedDatabaseDir, openDatabase } from "./db/orm.js";
import { SecretBox } from "./domain/secrets.js";
import { log } from "./log.js";

/**
 * keyEncryptionKey returns LATCHKEY_KEK, or in embedded mode the key kept in
 * the data directory, generating it (mode 0600) on first start.
 */
export function keyEncryptionKey(config: Config): Buffer {
  if (config.keyEncryptionKey) return config.keyEncryptionKey;
  const file = join(config.dataDir, "kek");
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

/** openConfigured opens the configured database (PostgreSQL or embedded) and applies migrations. */
export async function openConfigured(config: Config): Promise<{ database: Database; secrets: SecretBox }> {
  const secrets = new SecretBox(keyEncryptionKey(config));
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { pgliteDir: embeddedDatabaseDir(config.dataDir) },
    config.dbPoolMax,
  );
  await database.migrate();
  return { database, secrets };
}

/**
 * bootstrap creates the first instance when there is none, the same on
 * PostgreSQL and embedded: with LATCHKEY_BOOTSTRAP_KEY as its key, or with a
 * new key printed once to the terminal (stderr, never the log). Replicas
 * starting together on an empty database take turns (an advisory lock), so
 * exactly one of them creates the instance and prints its key.
 */
export async function bootstrap(config: Config, database: Database): Promise<void> {
  await database.exclusively("latchkey bootstrap", async () => {
    const instances = new InstanceRepository(database.fork());
    if ((await instances.countInstances()) > 0) return;
    if (config.bootstrapKey) {
      const { instanceId } = await instances.createInstance("default", config.bootstrapKey);
      log("info", "created the first instance with LATCHKEY_BOOTSTRAP_KEY", { instance_id: instanceId });
      return;
    }
    const { instanceId, secret } = await instances.createInstance("default");
    log("info", "created the first instance; its secret key is printed once on stderr", { instance_id: instanceId });
    process.stderr.write(
      `\nCreated instance ${instanceId}. Its secret key is shown only this once:\n\n  ${secret}\n\n` +
        "Use it as `Authorization: Bearer <key>`. Make more with " +
        `\`npx latchkey key create --instance ${instanceId}\` (with the server's settings; it may keep running).\n\n`,
    );
  });
}
