import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The docs must stand alone for someone who cloned only this repository: no
// link may leave it (../shared and the like exist only on the machine where
// the docs were written), and every file a doc names must exist.
const root = resolve(".");
const docs = execFileSync("git", ["ls-files", "*.md"], { encoding: "utf8" }).trim().split("\n");

/** repoPathsNamed lists the relative link targets and backticked repository paths in one document. */
function repoPathsNamed(doc: string): string[] {
  const text = readFileSync(doc, "utf8");
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => (match[1] as string).replace(/#.*$/, ""))
    .filter((target) => target !== "" && !/^[a-z]+:/i.test(target))
    .map((target) => resolve(dirname(doc), target));
  const mentioned = [
    ...text.matchAll(/`((?:\.\.\/|src\/|test\/|docs\/|bench\/|proto\/|scripts\/)[\w./-]*\.\w+)`/g),
  ].map((match) => resolve(match[1] as string));
  return [...links, ...mentioned];
}

describe("the documentation", () => {
  it.each(docs)("%s stays inside the repository and names only files that exist", (doc) => {
    const text = readFileSync(doc, "utf8");
    expect(text).not.toMatch(/\.\.\/shared|shared\/reference/);
    for (const path of repoPathsNamed(doc)) {
      const inside = relative(root, path);
      expect(inside.startsWith(".."), `${doc} points outside the repository: ${inside}`).toBe(false);
      expect(existsSync(path), `${doc} names ${inside}, which does not exist`).toBe(true);
    }
  });
});
