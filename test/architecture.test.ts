import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The layering of src/, read from the source's own import statements:
// transports (src/http, src/services, src/interceptors) reach storage only
// through the use cases in src/use-cases, so a flow is orchestrated once; and
// nothing below a transport imports one.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** TRANSPORTS are the ways in: they call use cases and never reach storage themselves. */
const TRANSPORTS = ["src/http/", "src/services/", "src/interceptors/"];

/**
 * CALL_PLUMBING is what a transport may take from src/db: the handles of a
 * call, not a flow's steps. `types` admits only type imports.
 */
const CALL_PLUMBING: Record<string, "types" | "values"> = {
  // Database and forkOnFirstUse: each call forks its own entity manager from it, when first needed.
  "src/db/orm.ts": "values",
  // runWithCallSignal: a call the client abandoned commits nothing.
  "src/db/call-signal.ts": "values",
  // authenticateBearer: the bearer key becomes the caller before any use case runs.
  "src/db/authenticate.ts": "values",
  // CredentialCache: handed to authenticateBearer.
  "src/db/credential-cache.ts": "types",
};

/**
 * NOT_YET_MOVED are transport files that still call a repository, each with
 * the storage module it uses; issue 13 moves them to src/use-cases/. Delete
 * an entry when its file moves: the test fails on an entry no file needs.
 */
const NOT_YET_MOVED: Record<string, string> = {};

/** BELOW_TRANSPORTS are the inner layers, each with what it must never import. */
const UPWARD = [...TRANSPORTS, "src/context.ts", "src/routes.ts", "src/app.ts", "src/server.ts", "gen/"];
const BELOW_TRANSPORTS: Record<string, string[]> = {
  "src/use-cases/": [...UPWARD, "@connectrpc/", "@bufbuild/"],
  "src/db/": [...UPWARD, "src/use-cases/", "@connectrpc/", "@bufbuild/"],
  "src/domain/": [...UPWARD, "src/use-cases/", "src/db/", "@connectrpc/", "@bufbuild/", "@mikro-orm/"],
};

type Import = { file: string; target: string; typeOnly: boolean };

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => posix.join(folder, name.split("\\").join("/")));
}

/**
 * importsOf lists a file's static imports and re-exports (and dynamic
 * imports), a relative target resolved to its path from the repository root
 * (`.js` read as the `.ts` it is compiled from), a package left as named.
 */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const found: Import[] = [];
  const statement =
    /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*"([^"]+)"|^import\s*"([^"]+)"|import\(\s*"([^"]+)"\s*\)/gm;
  for (const match of text.matchAll(statement)) {
    const specifier = match[3] ?? match[4] ?? match[5] ?? "";
    const names = match[2] ?? "";
    const inlineTypesOnly =
      /^\{[^}]*\}$/.test(names) &&
      names
        .slice(1, -1)
        .split(",")
        .filter((n) => n.trim() !== "")
        .every((n) => n.trim().startsWith("type "));
    const target = specifier.startsWith(".")
      ? posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, ".ts")
      : specifier;
    found.push({ file, target, typeOnly: match[1] !== undefined || (match[3] !== undefined && inlineTypesOnly) });
  }
  return found;
}

const transportImports = TRANSPORTS.flatMap(sourceFiles).flatMap(importsOf);

describe("architecture", () => {
  it("reads the imports it judges (a scan that saw nothing would pass anything)", () => {
    const fromRouter = transportImports.filter((i) => i.file === "src/http/rest/router.ts").map((i) => i.target);
    expect(fromRouter).toEqual(expect.arrayContaining(["src/db/authenticate.ts", "src/http/rest/machines.ts"]));
    const typeOnly = transportImports.find((i) => i.file === "src/http/front.ts" && i.target === "src/db/orm.ts");
    expect(typeOnly?.typeOnly).toBe(true);
  });

  it("transports reach storage only through the use cases, apart from a call's plumbing", () => {
    const wrong = transportImports
      .filter((i) => i.target.startsWith("src/db/"))
      .filter((i) => NOT_YET_MOVED[i.file] !== i.target)
      .filter((i) => {
        const allowed = CALL_PLUMBING[i.target];
        return allowed === undefined || (allowed === "types" && !i.typeOnly);
      })
      .map((i) => `${i.file} imports ${i.typeOnly ? "types of " : ""}${i.target}`);
    expect(wrong, "call the use case in src/use-cases/ instead (add one if missing)").toEqual([]);
  });

  it("lists no exception that nothing needs any more", () => {
    const stale = Object.entries(NOT_YET_MOVED)
      .filter(([file, target]) => !transportImports.some((i) => i.file === file && i.target === target))
      .map(([file, target]) => `${file} no longer imports ${target}: delete its NOT_YET_MOVED entry`);
    const plumbingUsed = new Set(transportImports.map((i) => i.target));
    const unusedPlumbing = Object.keys(CALL_PLUMBING)
      .filter((target) => !plumbingUsed.has(target))
      .map((target) => `no transport imports ${target}: delete it from CALL_PLUMBING`);
    expect([...stale, ...unusedPlumbing]).toEqual([]);
  });

  it("use cases, storage and domain import no transport and nothing above them", () => {
    const wrong = Object.entries(BELOW_TRANSPORTS).flatMap(([folder, forbidden]) =>
      sourceFiles(folder)
        .flatMap(importsOf)
        .filter((i) => forbidden.some((prefix) => i.target.startsWith(prefix)))
        .map((i) => `${i.file} imports ${i.target}`),
    );
    expect(wrong).toEqual([]);
  });
});
