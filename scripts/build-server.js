// build-server compiles the server (src/ and gen/ts/) to JavaScript in dist/,
// so no TypeScript compiler runs when latchkey does. It only transpiles
// (`tsc --noCheck`; `npm run typecheck` is the type check) and does nothing
// when dist/ is already newer than every source: `npm start`, `npm test` and
// `npx latchkey` all call it, and an up-to-date check costs milliseconds.
//
//   node scripts/build-server.js          build if a source changed
//   node scripts/build-server.js --force  build anyway
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** SOURCES are what dist/ is made from; a newer file (or directory entry) among them means a rebuild. */
const SOURCES = ["src", "gen/ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

/** STAMP records the newest source time the last build saw. */
const STAMP = join(root, "dist", ".sources-mtime");

/** newestMtime is the latest modification time under `path`, directories included (they change when a file is added or removed). */
function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stats.mtimeMs);
}

/**
 * buildServer compiles the server into dist/ unless it is up to date (or `force`).
 * tsc's own output goes to stderr, so a command's stdout stays what it prints.
 * Returns whether it compiled.
 */
export function buildServer({ force = false } = {}) {
  const newest = Math.max(...SOURCES.map((path) => newestMtime(join(root, path))));
  if (!force && existsSync(STAMP) && Number(readFileSync(STAMP, "utf8")) >= newest) return false;
  process.stderr.write("latchkey: compiling the server into dist/ (tsc -p tsconfig.build.json)\n");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noCheck"], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  writeFileSync(STAMP, String(newest));
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildServer({ force: process.argv.includes("--force") });
}
