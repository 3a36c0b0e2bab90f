import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

const run = promisify(execFile);
let env: TestEnv;
let instance: TestInstance;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  instance = await env.newInstance();
});
afterAll(() => env.close());

/** The `sh` blocks of a README section, in order. */
function examplesOf(heading: string): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(readme.indexOf(heading), readme.indexOf("\n## ", readme.indexOf(heading) + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** runExample runs a README script against the test server with KEY set to an instance key. */
async function runExample(script: string, key: string): Promise<string> {
  const { stdout } = await run(
    "bash",
    ["-euo", "pipefail", "-c", script.replaceAll("http://127.0.0.1:8080", env.url as string)],
    { env: { ...process.env, KEY: key } },
  );
  return stdout;
}

describe("the README's calling examples", () => {
  const examples = examplesOf("## Calling latchkey");

  it("has examples to run", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(
    examples.map((script, index) => [index + 1, script] as const),
  )("example %i runs and answers JSON", async (_, script) => {
    const answer = JSON.parse(await runExample(script, instance.secret));
    expect(answer.machine ?? answer.machines ?? answer.access_token).toBeTruthy();
  });
});

describe("the README's ScopeService example", () => {
  it("builds the tree and prints the check result shown under it", async () => {
    const [script] = examplesOf("## ScopeService");
    const lines = (script ?? "").trim().split("\n");
    const shown = JSON.parse((lines.pop() ?? "").replace(/^# /, ""));
    const fresh = await env.newInstance();
    const output = (await runExample(lines.join("\n"), fresh.secret)).trim().split("\n");
    expect(JSON.parse(output[output.length - 1] ?? "")).toEqual(shown);
  });
});
