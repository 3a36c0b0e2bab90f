import { parseArgs } from "node:util";
import { createApp } from "./app.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { InstanceRepository } from "./db/instance-repository.js";
import { DomainError } from "./domain/errors.js";
import { PublicUrl } from "./domain/public-url.js";
import { newSecret, SECRET_PREFIX } from "./domain/secrets.js";
import { DEFAULT_CONSOLE_DIR } from "./http/console.js";
import { log } from "./log.js";
import { bootstrap, openConfigured } from "./runtime.js";
import { listen } from "./server.js";

const USAGE = `usage: latchkey <command>

  serve                              run the server (the default)
  migrate                            apply database migrations and exit
  instance create [--name NAME]      create an instance and print its first secret key
  key create --instance INSTANCE_ID  add a secret key to an instance and print it
  key revoke KEY_ID                  revoke an instance secret key
  key generate                       print a new random sk_ value (for LATCHKEY_BOOTSTRAP_KEY)

Configuration comes from the environment: see README.md.`;

async function serve(config: Config): Promise<void> {
  const { database, secrets } = await openConfigured(config);
  await bootstrap(config, database);
  const app = createApp(database, secrets, new PublicUrl(config.publicUrl), {
    reflection: config.reflection,
    consoleDir: DEFAULT_CONSOLE_DIR,
  });
  await app.start();
  const server = await listen(app, config);
  log("info", "latchkey listening", { url: server.url, database: config.databaseUrl ? "postgresql" : "embedded" });
  process.stderr.write(
    `\nConsole: open ${app.publicUrl.base}/ in a browser and paste an instance secret key (sk_…).\n\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "draining", { signal, timeout_ms: config.shutdownTimeoutMs });
    app.health.drain();
    await server.close(config.shutdownTimeoutMs);
    await app.stop();
    await database.close();
    log("info", "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function withInstances<T>(config: Config, work: (repo: InstanceRepository) => Promise<T>): Promise<T> {
  const { database } = await openConfigured(config);
  try {
    return await work(new InstanceRepository(database.fork()));
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, instance: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const command = positionals.slice(0, 2).join(" ") || "serve";
  if (command === "key generate") {
    console.log(newSecret(SECRET_PREFIX.instance));
    return;
  }
  const config = loadConfig();
  switch (command) {
    case "serve":
      return serve(config);
    case "migrate": {
      const { database } = await openConfigured(config);
      await database.close();
      console.log("migrations applied");
      return;
    }
    case "instance create": {
      const issued = await withInstances(config, (repo) => repo.createInstance(values.name ?? "default"));
      console.log(`instance ${issued.instanceId}\nkey ${issued.keyId}\nsecret ${issued.secret}`);
      return;
    }
    case "key create": {
      if (!values.instance) throw new UsageError("key create needs --instance INSTANCE_ID");
      const instanceId = values.instance;
      const issued = await withInstances(config, (repo) => repo.createKey(instanceId));
      console.log(`key ${issued.keyId}\nsecret ${issued.secret}`);
      return;
    }
    case "key revoke": {
      const keyId = positionals[2];
      if (!keyId) throw new UsageError("key revoke needs KEY_ID");
      await withInstances(config, (repo) => repo.revokeKey(keyId));
      console.log(`revoked ${keyId}`);
      return;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DomainError || error instanceof UsageError) {
    console.error(`latchkey: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
  console.error("latchkey: failed:", error);
  process.exit(1);
});
