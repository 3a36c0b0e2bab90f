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

/** The `sh` blocks of a README section (`## title` up to the next `## `), in order. */
function shBlocks(title: string): string[] {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf(`## ${title}\n`);
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** runScript runs a README block against the test server with `key` in KEY and returns what it printed. */
async function runScript(script: string, key: string): Promise<string> {
  const { stdout } = await run(
    "bash",
    ["-euo", "pipefail", "-c", script.replaceAll("http://127.0.0.1:8080", env.url as string)],
    { env: { ...process.env, KEY: key } },
  );
  return stdout;
}

/** runExample runs a README block with the instance key and parses its JSON. */
async function runExample(script: string) {
  return JSON.parse(await runScript(script, instance.secret));
}

describe("the README's calling examples", () => {
  const examples = shBlocks("Calling latchkey");

  it("has examples to run", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(
    examples.map((script, index) => [index + 1, script] as const),
  )("example %i runs and answers JSON (or lists the services, with no key)", async (_, script) => {
    if (script.includes("--list-services")) {
      const listed = await runScript(script, "");
      expect(listed.split("\n")).toContain("latchkey.machine.v1.MachineService");
      return;
    }
    const answer = await runExample(script);
    expect(answer.machine ?? answer.machines ?? answer.access_token).toBeTruthy();
  });
});

describe("the README's ScopeService example", () => {
  it("builds the tree and prints the check result shown under it", async () => {
    const [script] = shBlocks("ScopeService: hierarchical authorization");
    const lines = (script ?? "").trim().split("\n");
    const shown = JSON.parse((lines.pop() ?? "").replace(/^# /, ""));
    const fresh = await env.newInstance();
    const output = (await runScript(lines.join("\n"), fresh.secret)).trim().split("\n");
    // The README shows the consistency token's start only: its position differs on every run.
    expect(shown.consistencyToken).toBe("ct1.…");
    expect(JSON.parse(output[output.length - 1] ?? "")).toEqual({
      ...shown,
      consistencyToken: expect.stringMatching(/^ct1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/),
    });
  });
});

describe("the README's REST (Clerk SDK) examples", () => {
  const examples = shBlocks("Pointing an existing Clerk SDK at latchkey");

  it("has examples to run", () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(
    examples.map((script, index) => [index + 1, script] as const),
  )("example %i runs and answers a reference resource", async (_, script) => {
    const answer = await runExample(script);
    expect(["machine", "machine_to_machine_token"]).toContain(answer.object);
  });
});

describe("the README's REST (Bedrock) examples", () => {
  it("replays the reference's create-scope request, then evaluates in the new scope", async () => {
    const [create, evaluate] = shBlocks("Pointing a Bedrock client at latchkey");
    const fresh = await env.newInstance();
    const scope = JSON.parse(await runScript(create ?? "", fresh.secret));
    expect(scope).toMatchObject({ name: "Engineering Team", typeId: "type_team", externalId: "team-eng" });
    expect(scope.id).toMatch(/^scope_[0-9a-f-]{36}$/);
    const decision = JSON.parse(await runScript(evaluate ?? "", fresh.secret));
    expect(decision).toEqual({
      allowed: true,
      matches: [{ roleId: "role_member", scopeId: scope.id, permission: "docs:read", distance: 0 }],
      explanation: `subject_bob may docs:read in ${scope.id}: role role_member, held in ${scope.id}, grants docs:read`,
    });
  });
});
