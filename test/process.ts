import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A latchkey process started by a test, with everything it printed so far. */
export type LatchkeyProcess = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** exit resolves with the exit code (waits for the process to end). */
  exit: Promise<number | null>;
};

/**
 * LATCHKEY_ENTRY is the compiled command line, what `npm start` and `npx latchkey` run;
 * test/global-setup.ts (and each bench) compiles it with buildServer first.
 */
export const LATCHKEY_ENTRY = "dist/src/cli.js";

/** buildServer compiles src/ into dist/ unless it is up to date (scripts/build-server.js). */
export function buildServer(): void {
  execFileSync(process.execPath, ["scripts/build-server.js"], { stdio: ["ignore", "inherit", "inherit"] });
}

/**
 * SERVER_NODE_FLAGS are the Node flags `npm start` and bin/latchkey.js run the
 * server with (README "Configuration": the young-generation cap), so the
 * tests' and benches' servers run as a deployed one does.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=16"];

/** runLatchkey starts `latchkey <args>` (the compiled LATCHKEY_ENTRY) with the given environment added. */
export function runLatchkey(args: string[], env: Record<string, string>): LatchkeyProcess {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, LATCHKEY_ENTRY, ...args], {
    env: { ...process.env, LATCHKEY_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = once(child, "exit").then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/**
 * serveLatchkey starts `latchkey serve` on a free port with `env` added and
 * waits until it listens; a server that does not is killed before the error
 * is thrown, so no test leaves one behind.
 */
export async function serveLatchkey(
  env: Record<string, string>,
  what = "the server to listen",
): Promise<{ server: LatchkeyProcess; port: number }> {
  const port = await freePort();
  const server = runLatchkey(["serve"], { ...env, PORT: String(port) });
  try {
    await waitFor(() => (server.stdout().includes("latchkey listening") ? true : undefined), what);
  } catch (error) {
    server.child.kill("SIGKILL");
    throw error;
  }
  return { server, port };
}

/** waitFor polls until `check` returns (or resolves to) a value, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** freePort asks the kernel for a port nobody is using right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const tempDirs: string[] = [];

/** tempDataDir makes an empty LATCHKEY_DATA_DIR, removed by removeTempDirs. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-test-"));
  tempDirs.push(dir);
  return join(dir, "data");
}

/** removeTempDirs deletes every directory tempDataDir made. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
