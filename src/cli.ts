import { parseArgs } from "node:util";
import { AdminSocketUnreachable, callAdminSocket, serveAdminSocket } from "./admin/admin-socket.js";
import { type OperatorCommand, type OperatorResult, runOperatorCommand } from "./admin/operator-commands.js";
import { createApp } from "./app.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { type DataDirLock, DataDirLockedError, lockDataDir, lockHolder } from "./db/data-dir-lock.js";
import { StandbyPool } from "./db/standby-pool.js";
import { DomainError } from "./domain/errors.js";
import { PublicUrl } from "./domain/public-url.js";
import { newSecret, SECRET_PREFIX } from "./domain/secrets.js";
import { DEFAULT_CONSOLE_DIR } from "./http/console.js";
import { log } from "./log.js";
import { bootstrap, openConfigured } from "./runtime.js";
import { listen } from "./server.js";

const USAGE = `usage: npx latchkey <command>

  serve                              run the server (the default)
  migrate                            apply database migrations and exit
  instance create [--name NAME]      create an instance and print its first secret key
  key create --instance INSTANCE_ID  add a secret key to an instance and print it
  key revoke KEY_ID                  revoke an instance secret key
  key generate                       print a new random sk_ value (for LATCHKEY_BOOTSTRAP_KEY)

The instance and key commands work while the server runs (on the embedded
database they ask the running server through its admin socket).
Configuration comes from the environment: see README.md.`;

/** How long an operator command waits for the data directory's owner: a server starting, or another command. */
const OWNER_WAIT_MS = 30_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * takeDataDir takes the embedded data directory for `command` (on PostgreSQL
 * there is nothing to take). An operator command or a migration holds it for
 * a moment only, so that is waited for until `deadline`; a server holding it
 * is a DataDirLockedError at once.
 */
async function takeDataDir(config: Config, command: string, deadline: number): Promise<DataDirLock | undefined> {
  if (config.databaseUrl) return undefined;
  for (;;) {
    try {
      return lockDataDir(config.dataDir, command);
    } catch (error) {
      if (!(error instanceof DataDirLockedError) || error.holder.command === "serve" || Date.now() > deadline) {
        throw error;
      }
      await pause(200);
    }
  }
}

async function serve(config: Config): Promise<void> {
  const lock = await takeDataDir(config, "serve", Date.now() + OWNER_WAIT_MS);
  const { database, secrets } = await openConfigured(config);
  await bootstrap(config, database);
  const standbys = await StandbyPool.open(database, config.standbyUrls, {
    maxStalenessMs: config.standbyMaxStalenessMs,
    poolMax: config.dbPoolMax,
  });
  const app = createApp(database, secrets, new PublicUrl(config.publicUrl), {
    reflection: config.reflection,
    authThrottle: config.authThrottle,
    consoleDir: DEFAULT_CONSOLE_DIR,
    standbys,
  });
  await app.start();
  const admin = lock
    ? await serveAdminSocket(config.dataDir, (command) => runOperatorCommand(database, command, app.credentials))
    : undefined;
  const server = await listen(app, config);
  log("info", "latchkey listening", {
    url: server.url,
    database: config.databaseUrl ? "postgresql" : "embedded",
    standbys: config.standbyUrls.length,
  });
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
    await admin?.close();
    await app.stop();
    await database.close();
    lock?.release();
    log("info", "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/**
 * operate runs an operator command: on PostgreSQL directly (many writers are
 * fine there; a revocation reaches the running servers by NOTIFY), on an
 * embedded data directory directly when no process holds it, and otherwise
 * through the admin socket of the server that does, so the database keeps
 * one writer and the new key works on that server at once.
 */
async function operate(config: Config, command: OperatorCommand): Promise<OperatorResult> {
  const deadline = Date.now() + OWNER_WAIT_MS;
  let lock: DataDirLock | undefined;
  try {
    lock = await takeDataDir(config, command.command, deadline);
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || error.holder.command !== "serve") throw error;
    return throughRunningServer(config, command, deadline);
  }
  try {
    const { database } = await openConfigured(config);
    try {
      return await runOperatorCommand(database, command);
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}

/** throughRunningServer sends the command to the server holding the data directory, waiting while it starts. */
async function throughRunningServer(
  config: Config,
  command: OperatorCommand,
  deadline: number,
): Promise<OperatorResult> {
  for (;;) {
    try {
      return await callAdminSocket(config.dataDir, command);
    } catch (error) {
      if (!(error instanceof AdminSocketUnreachable)) throw error;
      const holder = lockHolder(config.dataDir);
      if (holder === undefined) return operate(config, command);
      if (Date.now() > deadline) {
        throw new Unreachable(
          `the server (pid ${holder.pid}) holds ${config.dataDir} but does not answer on its admin socket; ` +
            "stop it, or wait until it has started, and run the command again",
        );
      }
      await pause(200);
    }
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
  const operatorCommand = parseOperatorCommand(command, values, positionals);
  const config = loadConfig();
  if (operatorCommand !== undefined) {
    const result = await operate(config, operatorCommand);
    console.log(result.lines.map(([label, value]) => `${label} ${value}`).join("\n"));
    return;
  }
  if (command === "serve") return serve(config);
  const lock = await takeDataDir(config, "migrate", Date.now() + OWNER_WAIT_MS);
  const { database } = await openConfigured(config);
  await database.close();
  lock?.release();
  console.log("migrations applied");
}

/**
 * parseOperatorCommand checks an operator command's arguments before anything
 * is opened; undefined for `serve` and `migrate`, a UsageError for anything else.
 */
function parseOperatorCommand(
  command: string,
  values: { name?: string | undefined; instance?: string | undefined },
  positionals: string[],
): OperatorCommand | undefined {
  switch (command) {
    case "serve":
    case "migrate":
      return undefined;
    case "instance create":
      return { command, name: values.name ?? "default" };
    case "key create":
      if (!values.instance) throw new UsageError("key create needs --instance INSTANCE_ID");
      return { command, instanceId: values.instance };
    case "key revoke": {
      const keyId = positionals[2];
      if (!keyId) throw new UsageError("key revoke needs KEY_ID");
      return { command, keyId };
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

class UsageError extends Error {}

/** Unreachable: the data directory's owner does not answer; the operator has to act. */
class Unreachable extends Error {}

/** lockedMessage says who holds the data directory and what to do about it. */
function lockedMessage(error: DataDirLockedError): string {
  return (
    `${error.message}.\n` +
    "  One process owns an embedded data directory. Stop that process first (SIGTERM), or give this one another\n" +
    "  LATCHKEY_DATA_DIR. The instance and key commands (`npx latchkey instance create`, …) work beside a running\n" +
    "  server: they ask it through its admin socket."
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(`latchkey: ${lockedMessage(error)}`);
    process.exit(2);
  }
  if (
    error instanceof ConfigError ||
    error instanceof DomainError ||
    error instanceof UsageError ||
    error instanceof Unreachable
  ) {
    console.error(`latchkey: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(2);
  }
  console.error("latchkey: failed:", error);
  process.exit(1);
});
