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

/** The `sh` blocks of the README's "Calling latchkey" section, in order. */
function callingExamples(): string[] {
  const readme = readFileSync("README.md", "utf8");
  const section = readme.slice(
    readme.indexOf("## Calling latchkey"),
    readme.indexOf("\n## ", readme.indexOf("## Calling latchkey") + 1),
  );
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

describe("the README's calling examples", () => {
  const examples = callingExamples();

  it("has examples to run", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(
    examples.map((script, index) => [index + 1, script] as const),
  )("example %i runs and answers JSON", async (_, script) => {
    const { stdout } = await run(
      "bash",
      ["-euo", "pipefail", "-c", script.replaceAll("http://127.0.0.1:8080", env.url as string)],
      {
        env: { ...process.env, KEY: instance.secret },
      },
    );
    const answer = JSON.parse(stdout);
    expect(answer.machine ?? answer.machines ?? answer.access_token).toBeTruthy();
  });
});
