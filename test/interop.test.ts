import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestEnv, type TestEnv } from "./harness.js";
import { describeUnless } from "./skip-reason.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

/** pythonMissing says what the Python client lacks here (Debian's python3-grpcio), if anything. */
function pythonMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import grpc"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "needs Debian's gRPC for Python (apt-get install python3-grpcio)";
  }
}

/** goMissing says what the Go client lacks here (Debian's Go toolchain and gRPC-Go sources), if anything. */
function goMissing(): string | undefined {
  const reason =
    "needs Go and gRPC-Go (apt-get install golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev)";
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    return reason;
  }
  return existsSync("/usr/share/gocode/src/google.golang.org/grpc") ? undefined : reason;
}

/**
 * JAVA_JARS are what gen/java and the Java client compile and run against:
 * Debian's protobuf and gRPC Java libraries and what they need at run time
 * (Netty for HTTP/2, Guava, PerfMark, and javax.annotation.Generated, which
 * the generated stubs carry and JDK 11+ no longer has).
 */
const JAVA_JARS = {
  "libprotobuf-java": ["protobuf"],
  "libgrpc-java": [
    "grpc-api",
    "grpc-context",
    "grpc-core",
    "grpc-netty",
    "grpc-protobuf",
    "grpc-protobuf-lite",
    "grpc-stub",
  ],
  "libguava-java": ["guava"],
  "libnetty-java": [
    "netty-buffer",
    "netty-codec",
    "netty-codec-http",
    "netty-codec-http2",
    "netty-codec-socks",
    "netty-common",
    "netty-handler",
    "netty-handler-proxy",
    "netty-resolver",
    "netty-transport",
  ],
  "libperfmark-java": ["perfmark-api"],
  "libgeronimo-annotation-1.3-spec-java": ["geronimo-annotation-1.3-spec"],
};
const JAVA_CLASSPATH = Object.values(JAVA_JARS)
  .flat()
  .map((jar) => `/usr/share/java/${jar}.jar`);

/** javaMissing says what the Java client lacks here (a JDK, Debian's jars), if anything. */
function javaMissing(): string | undefined {
  const missing = Object.entries(JAVA_JARS)
    .filter(([, jars]) => jars.some((jar) => !existsSync(`/usr/share/java/${jar}.jar`)))
    .map(([pkg]) => pkg);
  try {
    execFileSync("javac", ["-version"], { stdio: "ignore" });
  } catch {
    missing.unshift("default-jdk-headless");
  }
  return missing.length === 0 ? undefined : `needs a JDK and gRPC for Java (apt-get install ${missing.join(" ")})`;
}

// CI installs the Debian packages, so there the tests must run; on a developer
// machine without them, they are skipped (saying what to install) rather than
// failing `npm test`.
const missing = { python: pythonMissing(), go: goMissing(), java: javaMissing() };
if (process.env.CI && Object.values(missing).some((reason) => reason !== undefined)) {
  throw new Error(`CI must run every interop client: ${JSON.stringify(missing)}`);
}

/** The answers every client must give (each writes its own machine names). */
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

describeUnless(missing.python)("a Python gRPC client using gen/python", () => {
  it("creates, gets and streams machines, sees the error codes and ErrorInfo, verifies a token, checks a permission", async () => {
    const instance = await env.newInstance();
    const { stdout } = await run(PYTHON, ["test/interop/python_client.py"], {
      env: { ...process.env, LATCHKEY_URL: new URL(env.url as string).host, LATCHKEY_KEY: instance.secret },
    });
    expect(JSON.parse(stdout)).toEqual(expected("python"));
  });
});

describeUnless(missing.go)("a Go gRPC client built from gen/go", () => {
  it("builds offline with Debian's Go packages and makes the same calls", async () => {
    // Debian's Go 1.19 builds in GOPATH mode against /usr/share/gocode; gen/go
    // is linked in at its import path. Go's build cache is kept between runs
    // under node_modules/.cache: it is keyed by every input, so a change to
    // gen/go or the client is compiled afresh, and an unchanged gRPC-Go is not
    // compiled again (about 11 s of CPU each time).
    const gopath = mkdtempSync(join(tmpdir(), "latchkey-go-"));
    try {
      const module = join(gopath, "src/github.com/latchkey/latchkey/gen");
      mkdirSync(module, { recursive: true });
      symlinkSync(resolve("gen/go"), join(module, "go"));
      const goEnv = {
        ...process.env,
        GO111MODULE: "off",
        GOPATH: `${gopath}:/usr/share/gocode`,
        GOCACHE: resolve("node_modules/.cache/latchkey-go-build"),
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

/**
 * compileJava compiles gen/java and the Java client with javac (no build tool,
 * nothing downloaded) and returns the classes directory. gen/java is about 200
 * files and takes javac tens of seconds here, so the result is kept under
 * node_modules/.cache, named by a hash of every source and jar: the
 * PostgreSQL pass reuses what the embedded pass compiled, and any change to a
 * source compiles afresh (replacing the old result).
 */
async function compileJava(): Promise<string> {
  const sources = ["gen/java", "test/interop/java-client"].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".java"))
      .map((file) => join(dir, file))
      .sort(),
  );
  const hash = createHash("sha256");
  for (const file of sources) hash.update(file).update(readFileSync(file));
  for (const jar of JAVA_CLASSPATH) hash.update(jar);
  const cache = resolve("node_modules/.cache/latchkey-java");
  const classes = join(cache, hash.digest("hex").slice(0, 16));
  if (existsSync(classes)) return classes;
  rmSync(cache, { recursive: true, force: true });
  const building = `${classes}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  // C1 only and the serial collector: javac is a short batch job here, and
  // these halve its CPU time (16 s to 7 s for gen/java on a loaded 2-core machine).
  const fastStart = ["-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"];
  await run("javac", [...fastStart, "-nowarn", "-d", building, "-cp", JAVA_CLASSPATH.join(":"), ...sources], {
    maxBuffer: 16 * 1024 * 1024,
  });
  renameSync(building, classes);
  return classes;
}

describeUnless(missing.java)("a Java gRPC client compiled with gen/java", () => {
  it("compiles offline with Debian's gRPC Java jars and makes the same calls", async () => {
    const classes = await compileJava();
    const instance = await env.newInstance();
    const classpath = [classes, ...JAVA_CLASSPATH].join(":");
    const { stdout } = await run("java", ["-XX:TieredStopAtLevel=1", "-cp", classpath, "InteropClient"], {
      env: { ...process.env, LATCHKEY_URL: new URL(env.url as string).host, LATCHKEY_KEY: instance.secret },
    });
    expect(JSON.parse(stdout)).toEqual(expected("java"));
  }, 300_000);
});
