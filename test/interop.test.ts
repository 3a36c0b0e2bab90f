import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEnv, type TestEnv } from "./harness.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

/** hasPythonGrpc tells whether Debian's python3-grpcio is installed. */
function hasPythonGrpc(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import grpc"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** hasGoGrpc tells whether Debian's Go toolchain and gRPC-Go sources are installed. */
function hasGoGrpc(): boolean {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    return false;
  }
  return existsSync("/usr/share/gocode/src/google.golang.org/grpc");
}

// CI installs the Debian packages, so there the tests must run; on a developer
// machine without them, they are skipped rather than failing `npm test`.
const pythonReady = hasPythonGrpc();
const goReady = hasGoGrpc();
if (process.env.CI && !(pythonReady && goReady)) {
  throw new Error("CI must install python3-grpcio, golang-go and golang-google-grpc-dev for the interop tests");
}

/** The answers both clients must give (each writes its own machine names). */
const expected = (language: string) => ({
  created: `${language} caller`,
  got: `${language} caller`,
  streamed: [`${language} caller`, `${language} receiver`],
  without_key: "UNAUTHENTICATED",
  missing: "NOT_FOUND",
  verified_subject_is_caller: true,
  caller_may_deploy: true,
  granted_by_role: "role_deployer",
  missing_error_info: {
    reason: "MACHINE_NOT_FOUND",
    domain: "latchkey",
    metadata: { resource: "machine", id: `mch_${"0".repeat(27)}` },
  },
});

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
});
afterAll(() => env.close());

describe.skipIf(!pythonReady)("a Python gRPC client using gen/python", () => {
  it("creates, gets and streams machines, sees the error codes and ErrorInfo, verifies a token, checks a permission", async () => {
    const instance = await env.newInstance();
    const { stdout } = await run(PYTHON, ["test/interop/python_client.py"], {
      env: { ...process.env, LATCHKEY_URL: new URL(env.url as string).host, LATCHKEY_KEY: instance.secret },
    });
    expect(JSON.parse(stdout)).toEqual(expected("python"));
  });
});

describe.skipIf(!goReady)("a Go gRPC client built from gen/go", () => {
  it("builds offline with Debian's Go packages and makes the same calls", async () => {
    // Debian's Go 1.19 builds in GOPATH mode against /usr/share/gocode; gen/go
    // is linked in at its import path.
    const gopath = mkdtempSync(join(tmpdir(), "latchkey-go-"));
    try {
      const module = join(gopath, "src/github.com/latchkey/latchkey/gen");
      mkdirSync(module, { recursive: true });
      symlinkSync(resolve("gen/go"), join(module, "go"));
      const goEnv = {
        ...process.env,
        GO111MODULE: "off",
        GOPATH: `${gopath}:/usr/share/gocode`,
        GOCACHE: join(gopath, "cache"),
      };
      const binary = join(gopath, "client");
      await run("go", ["build", "-o", binary, "."], { cwd: resolve("test/interop/go-client"), env: goEnv });
      const instance = await env.newInstance();
      const { stdout } = await run(binary, [], {
        env: { ...process.env, LATCHKEY_URL: new URL(env.url as string).host, LATCHKEY_KEY: instance.secret },
      });
      expect(JSON.parse(stdout)).toEqual(expected("go"));
    } finally {
      rmSync(gopath, { recursive: true, force: true });
    }
  }, 120_000);
});
