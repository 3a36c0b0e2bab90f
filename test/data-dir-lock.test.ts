import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir, lockFile } from "../src/db/data-dir-lock.js";
import { emptyDataDir, removeTempDirs, waitFor } from "./process.js";

afterAll(removeTempDirs);

/** deadPid is the pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid as number;
}

function writeLock(dataDir: string, holder: object): void {
  lockDataDir(dataDir, "setup").release();
  writeFileSync(lockFile(dataDir), JSON.stringify(holder));
}

describe("the data directory lock", () => {
  it("names a live holder and refuses to take the directory from it", () => {
    const dataDir = emptyDataDir();
    // The test runner's parent process is alive and not this process: it stands for another server.
    writeLock(dataDir, { pid: process.ppid, host: hostname(), started: null, command: "serve" });
    const error = (() => {
      try {
        lockDataDir(dataDir, "serve");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).message).toContain(`(pid ${process.ppid} on ${hostname()}, running serve)`);
    expect(JSON.parse(readFileSync(lockFile(dataDir), "utf8")).pid).toBe(process.ppid);
  });

  it("takes over a lock whose holder died, and one whose pid now runs another program", () => {
    for (const stale of [
      { pid: deadPid(), host: hostname(), started: null, command: "serve" },
      { pid: process.ppid, host: hostname(), started: "1", command: "serve" },
    ]) {
      const dataDir = emptyDataDir();
      writeLock(dataDir, stale);
      const lock = lockDataDir(dataDir, "serve");
      expect(JSON.parse(readFileSync(lockFile(dataDir), "utf8"))).toMatchObject({ pid: process.pid, command: "serve" });
      lock.release();
      expect(existsSync(lockFile(dataDir))).toBe(false);
    }
  });

  it("goes to exactly one of several processes that find the same stale lock at once", async () => {
    const dataDir = emptyDataDir();
    writeLock(dataDir, { pid: deadPid(), host: hostname(), started: null, command: "serve" });
    // Each says it is ready, spins until the go file appears so all try at the same moment, then holds what it
    // got until every one has answered, so none can take a lock another released.
    const go = `${dataDir}.go`;
    const script = `
      import { existsSync } from "node:fs";
      import { lockDataDir } from "./src/db/data-dir-lock.ts";
      console.log("ready");
      while (!existsSync(process.argv[2])) {}
      try { lockDataDir(process.argv[1], "serve"); console.log("got"); }
      catch (error) { console.log(error.name); }
      setInterval(() => {}, 1000);`;
    const children = [1, 2, 3, 4].map(() => {
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dataDir, go]);
      const lines: string[] = [];
      child.stdout.on("data", (chunk: Buffer) => lines.push(...chunk.toString().trim().split("\n")));
      return { child, lines };
    });
    const answer = (index: number) =>
      waitFor(() => children.map(({ lines }) => lines[index]).every(Boolean) || undefined, "the lock processes");
    await answer(0);
    writeFileSync(go, "");
    await answer(1);
    for (const { child } of children) child.kill();
    const outputs = children.map(({ lines }) => lines[1]);
    expect(outputs.sort()).toEqual(["DataDirLockedError", "DataDirLockedError", "DataDirLockedError", "got"]);
  });

  it("is held by one process at a time, and free again once released", () => {
    const dataDir = emptyDataDir();
    const lock = lockDataDir(dataDir, "serve");
    expect(() => lockDataDir(dataDir, "migrate")).toThrow(DataDirLockedError);
    lock.release();
    lockDataDir(dataDir, "migrate").release();
  });
});
