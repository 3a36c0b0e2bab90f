import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { startTestEnv, type TestEnv, type TestInstance } from "./harness.js";
import { restClient } from "./rest-client.js";

const run = promisify(execFile);
let env: TestEnv;
let rest: ReturnType<typeof restClient>;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  rest = restClient(env.url as string);
});
afterAll(() => env.close());

const SCOPE_UUID_V7 = /^scope_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** bedrockError matches the Bedrock routes' error body (docs/bedrock-compat.md). */
function bedrockError(status: number, code: string, fields: Record<string, unknown> = {}) {
  return {
    error: expect.objectContaining({
      status,
      code,
      message: expect.any(String),
      details: expect.any(Object),
      ...fields,
    }),
  };
}

/** call sends one request with the instance's key and asserts its status; returns the body. */
async function call(instance: TestInstance, method: string, path: string, json: unknown, status: number) {
  const res = await rest(method, path, { key: instance.secret, json });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

/**
 * governanceTree builds the reference's user-governance guide over REST:
 * type_org (define) → type_dept (inherit) → type_team (inherit), with
 * scope_acme → scope_engineering → scope_platform, scope_acme → scope_marketing
 * and scope_engineering → scope_frontend; Jane is an admin of Acme, Bob a
 * member of Marketing.
 */
async function governanceTree(instance: TestInstance) {
  const post = (path: string, json: unknown) => call(instance, "POST", path, json, 201);
  await post("/scope-types", { id: "type_org", name: "Organization", config: { permissionMode: "define" } });
  await post("/scope-types", {
    id: "type_dept",
    name: "Department",
    config: { permissionMode: "inherit" },
    allowedParentTypeIds: ["type_org"],
  });
  await post("/scope-types", {
    id: "type_team",
    name: "Team",
    config: { permissionMode: "inherit" },
    allowedParentTypeIds: ["type_dept"],
  });
  await post("/roles", { id: "role_admin", name: "Admin", permissions: ["docs:*", "deploy:*"] });
  await post("/roles", { id: "role_member", name: "Member", permissions: ["docs:read"] });
  await post("/subjects", { id: "subject_jane", subjectType: "user", displayName: "Jane" });
  await post("/subjects", { id: "subject_bob", subjectType: "user", displayName: "Bob" });
  await call(
    instance,
    "POST",
    "/scopes/batch",
    [
      {
        id: "scope_acme",
        name: "Acme",
        typeId: "type_org",
        memberships: [{ subjectId: "subject_jane", roleIds: ["role_admin"] }],
      },
      { id: "scope_engineering", name: "Engineering", typeId: "type_dept", parentScopeId: "scope_acme" },
      {
        id: "scope_marketing",
        name: "Marketing",
        typeId: "type_dept",
        parentScopeId: "scope_acme",
        memberships: [{ subjectId: "subject_bob", roleIds: ["role_member"] }],
      },
      { id: "scope_platform", name: "Platform", typeId: "type_team", parentScopeId: "scope_engineering" },
      { id: "scope_frontend", name: "Frontend", typeId: "type_team", parentScopeId: "scope_engineering" },
    ],
    201,
  );
}

describe("the reference's create-scope example", () => {
  it("answers the reference's shape once its type, parent, subjects and roles exist", async () => {
    const instance = await env.newInstance();
    const post = (path: string, json: unknown) => call(instance, "POST", path, json, 201);
    await post("/scope-types", { id: "type_org", name: "Organization", config: { permissionMode: "define" } });
    await post("/scope-types", { id: "type_team", name: "Team", allowedParentTypeIds: ["type_org"] });
    await post("/scopes", { id: "scope_org", name: "Org", typeId: "type_org" });
    await post("/subjects", { id: "subject_jane", subjectType: "user" });
    await post("/subjects", { id: "subject_bob", subjectType: "user" });
    await post("/roles", { id: "role_admin", name: "Admin", permissions: ["*"] });
    await post("/roles", { id: "role_member", name: "Member", permissions: ["docs:read"] });

    // The request exactly as the reference's curl sends it.
    const res = await rest("POST", "/scopes", {
      key: instance.secret,
      raw: `{"name": "Engineering Team", "typeId": "type_team", "externalId": "team-eng", "parentScopeId": "scope_org",
       "memberships": [{"subjectId": "subject_jane", "roleIds": ["role_admin"]},
                       {"subjectId": "subject_bob", "roleIds": ["role_member"]}]}`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body).toMatchObject({ name: "Engineering Team", typeId: "type_team", externalId: "team-eng" });
    expect(res.body.id).toMatch(SCOPE_UUID_V7);
    expect(res.body).toMatchObject({ parentScopeId: "scope_org", meta: {}, depth: 2 });
    expect(res.body.createdAt).toMatch(ISO_TIME);

    const id = res.body.id as string;
    expect(await call(instance, "GET", `/scopes/${id}`, undefined, 200)).toEqual(res.body);
    const members = await call(instance, "GET", `/memberships?scopeId=${id}`, undefined, 200);
    expect(members.map((m: { subjectId: string; roleIds: string[] }) => [m.subjectId, m.roleIds])).toEqual([
      ["subject_bob", ["role_member"]],
      ["subject_jane", ["role_admin"]],
    ]);
    expect(
      (await call(instance, "GET", `/scopes/${id}/parents`, undefined, 200)).map((s: { id: string }) => s.id),
    ).toEqual(["scope_org"]);
  });

  it("creates nothing when an inline membership names a subject that does not exist", async () => {
    const instance = await env.newInstance();
    await call(instance, "POST", "/scope-types", { id: "type_team", name: "Team" }, 201);
    const body = await call(
      instance,
      "POST",
      "/scopes",
      { id: "scope_x", name: "X", typeId: "type_team", memberships: [{ subjectId: "subject_ghost" }] },
      404,
    );
    expect(body).toEqual(bedrockError(404, "resource_not_found", { reason: "SUBJECT_NOT_FOUND" }));
    await call(instance, "GET", "/scopes/scope_x", undefined, 404);
  });
});

describe("the reference's batch example", () => {
  it("creates scope_engineering, then scope_backend and scope_frontend under it, with their memberships", async () => {
    const instance = await env.newInstance();
    const post = (path: string, json: unknown) => call(instance, "POST", path, json, 201);
    await post("/scope-types", { id: "type_environment", name: "Environment" });
    await post("/scope-types", { id: "type_department", name: "Department" });
    await post("/scope-types", { id: "type_team", name: "Team", allowedParentTypeIds: ["type_department"] });
    await post("/scopes", { id: "scope_env_production", name: "Production", typeId: "type_environment" });
    for (const id of ["role_admin", "role_lead", "role_developer"]) {
      await post("/roles", { id, name: id.slice(5), permissions: ["code:*"] });
    }
    for (const id of ["subject_jane", "subject_bob", "subject_alice", "subject_charlie"]) {
      await post("/subjects", { id, subjectType: "user" });
    }

    const made = await post("/scopes/batch", [
      {
        id: "scope_engineering",
        name: "Engineering",
        typeId: "type_department",
        parentScopeId: "scope_env_production",
        memberships: [{ subjectId: "subject_jane", roleIds: ["role_admin"] }],
      },
      {
        id: "scope_backend",
        name: "Backend Team",
        typeId: "type_team",
        parentScopeId: "scope_engineering",
        memberships: [
          { subjectId: "subject_jane", roleIds: ["role_lead"] },
          { subjectId: "subject_bob", roleIds: ["role_developer"] },
          { subjectId: "subject_alice", roleIds: ["role_developer"] },
        ],
      },
      {
        id: "scope_frontend",
        name: "Frontend Team",
        typeId: "type_team",
        parentScopeId: "scope_engineering",
        memberships: [{ subjectId: "subject_charlie", roleIds: ["role_lead"] }],
      },
    ]);
    expect(made.map((s: { id: string; parentScopeId: string }) => [s.id, s.parentScopeId])).toEqual([
      ["scope_engineering", "scope_env_production"],
      ["scope_backend", "scope_engineering"],
      ["scope_frontend", "scope_engineering"],
    ]);

    const listed = await call(
      instance,
      "GET",
      "/scopes?ids=scope_frontend,scope_engineering,scope_nope",
      undefined,
      200,
    );
    expect(Array.isArray(listed)).toBe(true);
    expect(listed.map((s: { id: string }) => s.id)).toEqual(["scope_frontend", "scope_engineering"]);
    const children = await call(instance, "GET", "/scopes/scope_engineering/children", undefined, 200);
    expect(children.map((s: { id: string }) => s.id)).toEqual(["scope_backend", "scope_frontend"]);
    const ancestors = await call(instance, "GET", "/scopes/scope_backend/ancestors", undefined, 200);
    expect(ancestors.map((s: { id: string }) => s.id)).toEqual(["scope_engineering", "scope_env_production"]);
    expect(await call(instance, "GET", "/scopes/scope_env_production/parents", undefined, 200)).toEqual([]);
    const bobs = await call(instance, "GET", "/memberships?subjectId=subject_bob", undefined, 200);
    expect(bobs).toEqual([expect.objectContaining({ scopeId: "scope_backend", roleIds: ["role_developer"] })]);
  });

  it("is all or nothing: a bad later entry leaves no scope behind, naming the entry", async () => {
    const instance = await env.newInstance();
    await call(instance, "POST", "/scope-types", { id: "type_team", name: "Team" }, 201);
    const body = await call(
      instance,
      "POST",
      "/scopes/batch",
      [
        { id: "scope_a", name: "A", typeId: "type_team" },
        { id: "scope_b", name: "B", typeId: "type_team", parentScopeId: "scope_missing" },
      ],
      404,
    );
    expect(body.error.reason).toBe("SCOPE_NOT_FOUND");
    expect(await call(instance, "GET", "/scopes?ids=scope_a,scope_b", undefined, 200)).toEqual([]);
    const repeated = await call(
      instance,
      "POST",
      "/scopes/batch",
      [
        { id: "scope_a", name: "A", typeId: "type_team" },
        { id: "scope_a", name: "A again", typeId: "type_team" },
      ],
      422,
    );
    expect(repeated).toEqual(bedrockError(422, "form_param_value_invalid", { param: "[1].id" }));
  });
});

describe("the user-governance tree type_org(define) → type_dept → type_team", () => {
  it("lets a role flow down the tree, never up or sideways, and explains the decision", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const evaluate = (subjectId: string, scopeId: string, action: string) =>
      call(instance, "POST", "/evaluate", { actor: { subjectId, subjectType: "user" }, scopeId, action }, 200);

    const down = await evaluate("subject_jane", "scope_platform", "docs:write");
    expect(down).toEqual({
      allowed: true,
      matches: [{ roleId: "role_admin", scopeId: "scope_acme", permission: "docs:*", distance: 2 }],
      explanation: expect.stringContaining("role_admin"),
    });
    expect(down.explanation).toContain("2 levels up");

    const sideways = await evaluate("subject_bob", "scope_engineering", "docs:read");
    expect(sideways).toEqual({ allowed: false, matches: [], explanation: expect.stringContaining("no role") });
    expect((await evaluate("subject_bob", "scope_marketing", "docs:read")).allowed).toBe(true);
    expect((await evaluate("subject_bob", "scope_acme", "docs:read")).allowed).toBe(false);
    expect((await evaluate("subject_bob", "scope_marketing", "docs:write")).allowed).toBe(false);
  });

  it("stops inheritance at a scope whose type is define", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    await call(
      instance,
      "POST",
      "/scope-types",
      { id: "type_sandbox", name: "Sandbox", config: { permissionMode: "define" } },
      201,
    );
    await call(
      instance,
      "POST",
      "/scopes",
      { id: "scope_sandbox", name: "Sandbox", typeId: "type_sandbox", parentScopeId: "scope_platform" },
      201,
    );
    const res = await call(
      instance,
      "POST",
      "/evaluate",
      { actor: { subjectId: "subject_jane" }, scopeId: "scope_sandbox", action: "docs:read" },
      200,
    );
    expect(res.allowed).toBe(false);
    const type = await call(instance, "GET", "/scope-types/type_sandbox", undefined, 200);
    expect(type).toMatchObject({ id: "type_sandbox", config: { permissionMode: "define" }, allowedParentTypeIds: [] });
  });

  it("answers evaluations to a machine key of the instance, and to no other instance", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const machine = await env.newMachine(instance, "checker");
    const body = { actor: { subjectId: "subject_jane" }, scopeId: "scope_platform", action: "deploy:run" };
    const res = await rest("POST", "/evaluate", { key: machine.secretKey, json: body });
    expect(res).toMatchObject({ status: 200, body: { allowed: true } });
    const managed = await rest("GET", "/scopes/scope_acme", { key: machine.secretKey });
    expect(managed.status).toBe(401);
    expect(managed.body).toEqual(bedrockError(401, "authentication_invalid", { reason: "INSTANCE_KEY_REQUIRED" }));

    const other = await env.newInstance();
    const foreign = await rest("POST", "/evaluate", { key: other.secret, json: body });
    expect(foreign.status).toBe(404);
  });
});

describe("scope updates and deletes", () => {
  it("PATCH changes name and externalId (null clears it); DELETE answers {success: true}", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const patched = await call(
      instance,
      "PATCH",
      "/scopes/scope_platform",
      { name: "Platform Team", externalId: "team-platform" },
      200,
    );
    expect(patched).toMatchObject({ id: "scope_platform", name: "Platform Team", externalId: "team-platform" });
    expect(await call(instance, "PATCH", "/scopes/scope_platform", { externalId: null }, 200)).toMatchObject({
      name: "Platform Team",
      externalId: null,
    });
    expect(await call(instance, "DELETE", "/scopes/scope_platform", undefined, 200)).toEqual({ success: true });
    await call(instance, "GET", "/scopes/scope_platform", undefined, 404);
  });

  it("refuses to delete a scope with children unless cascade=true, then removes the subtree", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const refused = await call(instance, "DELETE", "/scopes/scope_engineering", undefined, 422);
    expect(refused).toEqual(bedrockError(422, "precondition_failed", { reason: "SCOPE_HAS_CHILDREN" }));
    expect(await call(instance, "DELETE", "/scopes/scope_engineering?cascade=true", undefined, 200)).toEqual({
      success: true,
    });
    const left = await call(
      instance,
      "GET",
      "/scopes?ids=scope_acme,scope_engineering,scope_platform,scope_frontend,scope_marketing",
      undefined,
      200,
    );
    expect(left.map((s: { id: string }) => s.id)).toEqual(["scope_acme", "scope_marketing"]);
  });
});

describe("subjects, roles, memberships and scope types", () => {
  it("creates a subject with inline memberships, all or nothing", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const alice = await call(
      instance,
      "POST",
      "/subjects",
      {
        id: "subject_alice",
        subjectType: "agent",
        externalId: "alice@example.com",
        displayName: "Alice",
        memberships: [
          { scopeId: "scope_platform", roleIds: ["role_member"] },
          { scopeId: "scope_marketing", roleIds: [] },
        ],
      },
      201,
    );
    expect(alice).toEqual({
      id: "subject_alice",
      subjectType: "agent",
      externalId: "alice@example.com",
      displayName: "Alice",
      createdAt: expect.stringMatching(ISO_TIME),
    });
    const memberships = await call(instance, "GET", "/memberships?subjectId=subject_alice", undefined, 200);
    expect(memberships.map((m: { scopeId: string; roleIds: string[] }) => [m.scopeId, m.roleIds])).toEqual([
      ["scope_marketing", []],
      ["scope_platform", ["role_member"]],
    ]);

    const failed = await call(
      instance,
      "POST",
      "/subjects",
      { id: "subject_carol", memberships: [{ scopeId: "scope_platform" }, { scopeId: "scope_gone" }] },
      404,
    );
    expect(failed.error).toMatchObject({ reason: "SCOPE_NOT_FOUND", details: { id: "scope_gone" } });
    await call(instance, "GET", "/subjects/subject_carol", undefined, 404);
    expect(await call(instance, "GET", "/subjects?subjectType=agent", undefined, 200)).toEqual([alice]);
    expect(await call(instance, "DELETE", "/subjects/subject_alice", undefined, 200)).toEqual({ success: true });
    expect(await call(instance, "GET", "/memberships?scopeId=scope_platform", undefined, 200)).toEqual([]);
  });

  it("changes a membership's roles and a role's patterns, effective on the next evaluation", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const evaluate = async (action: string) =>
      (
        await call(
          instance,
          "POST",
          "/evaluate",
          { actor: { subjectId: "subject_bob" }, scopeId: "scope_platform", action },
          200,
        )
      ).allowed;
    expect(
      await call(
        instance,
        "POST",
        "/memberships",
        { scopeId: "scope_engineering", subjectId: "subject_bob", roleIds: ["role_member"] },
        201,
      ),
    ).toMatchObject({ scopeId: "scope_engineering", subjectId: "subject_bob", roleIds: ["role_member"] });
    expect(await evaluate("docs:read")).toBe(true);
    expect(await evaluate("deploy:run")).toBe(false);

    await call(instance, "PATCH", "/roles/role_member", { permissions: ["docs:read", "deploy:run"] }, 200);
    expect(await evaluate("deploy:run")).toBe(true);
    const patched = await call(instance, "PATCH", "/memberships/scope_engineering/subject_bob", { roleIds: [] }, 200);
    expect(patched.roleIds).toEqual([]);
    expect(await evaluate("docs:read")).toBe(false);

    const held = await call(instance, "DELETE", "/roles/role_member", undefined, 422);
    expect(held.error.reason).toBe("ROLE_IN_USE");
    expect(await call(instance, "DELETE", "/memberships/scope_engineering/subject_bob", undefined, 200)).toEqual({
      success: true,
    });
    await call(instance, "DELETE", "/memberships/scope_engineering/subject_bob", undefined, 404);
    const duplicate = await call(
      instance,
      "POST",
      "/memberships",
      { scopeId: "scope_marketing", subjectId: "subject_bob" },
      409,
    );
    expect(duplicate.error.reason).toBe("MEMBERSHIP_EXISTS");
  });

  it("keeps a role defined at a scope to that scope and the ones below", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const role = await call(
      instance,
      "POST",
      "/roles",
      { id: "role_eng", name: "Engineer", permissions: ["code:*"], scopeId: "scope_engineering" },
      201,
    );
    expect(role).toMatchObject({ id: "role_eng", scopeId: "scope_engineering", permissions: ["code:*"] });
    expect(await call(instance, "GET", "/roles?scopeId=scope_engineering", undefined, 200)).toEqual([role]);
    await call(
      instance,
      "POST",
      "/memberships",
      { scopeId: "scope_platform", subjectId: "subject_bob", roleIds: ["role_eng"] },
      201,
    );
    const outside = await call(
      instance,
      "POST",
      "/memberships",
      { scopeId: "scope_acme", subjectId: "subject_bob", roleIds: ["role_eng"] },
      422,
    );
    expect(outside.error.reason).toBe("ROLE_NOT_USABLE_HERE");
  });

  it("adds scope-type hierarchy edges and changes allowed parents, refusing what existing scopes would break", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const squad = { id: "scope_squad", name: "Squad", typeId: "type_team", parentScopeId: "scope_platform" };
    const refused = await call(instance, "POST", "/scopes", squad, 422);
    expect(refused.error.reason).toBe("SCOPE_PARENT_TYPE_NOT_ALLOWED");
    const edge = { parentTypeId: "type_team", childTypeId: "type_team" };
    expect(await call(instance, "POST", "/scope-type-hierarchy", edge, 201)).toEqual(edge);
    expect(await call(instance, "POST", "/scope-type-hierarchy", edge, 201)).toEqual(edge);
    expect((await call(instance, "GET", "/scope-types/type_team", undefined, 200)).allowedParentTypeIds).toEqual([
      "type_dept",
      "type_team",
    ]);
    await call(instance, "POST", "/scopes", squad, 201);

    // type_org allowed any parent; its first edge would make scope_acme, a root, break the rule.
    const rootBreaks = await call(
      instance,
      "POST",
      "/scope-type-hierarchy",
      { parentTypeId: "type_dept", childTypeId: "type_org" },
      422,
    );
    expect(rootBreaks.error).toMatchObject({ reason: "SCOPE_PARENT_TYPE_NOT_ALLOWED" });
    expect(rootBreaks.error.message).toContain("scope_acme of type type_org is a root");
    const narrowing = await call(
      instance,
      "PATCH",
      "/scope-types/type_team",
      { allowedParentTypeIds: ["type_team"] },
      422,
    );
    expect(narrowing.error.message).toContain("has a parent of type type_dept");
    const cleared = await call(
      instance,
      "PATCH",
      "/scope-types/type_team",
      { name: "Crew", allowedParentTypeIds: [] },
      200,
    );
    expect(cleared).toMatchObject({ name: "Crew", allowedParentTypeIds: [] });
    await call(instance, "POST", "/scopes", { name: "Loose", typeId: "type_team" }, 201);
    const missing = await call(
      instance,
      "POST",
      "/scope-type-hierarchy",
      { parentTypeId: "type_nope", childTypeId: "type_team" },
      404,
    );
    expect(missing.error.details).toEqual({ resource: "scope type", id: "type_nope" });
  });

  it("creates scope types and roles in batches, in order and all or nothing", async () => {
    const instance = await env.newInstance();
    const types = await call(
      instance,
      "POST",
      "/scope-types/batch",
      [
        { id: "type_org", name: "Organization", config: { permissionMode: "define" } },
        { id: "type_dept", name: "Department", allowedParentTypeIds: ["type_org"] },
      ],
      201,
    );
    expect(types.map((t: { id: string; allowedParentTypeIds: string[] }) => [t.id, t.allowedParentTypeIds])).toEqual([
      ["type_org", []],
      ["type_dept", ["type_org"]],
    ]);
    await call(instance, "POST", "/roles", { id: "role_taken", name: "Taken", permissions: ["*"] }, 201);
    const clash = await call(
      instance,
      "POST",
      "/roles/batch",
      [
        { id: "role_new", name: "New", permissions: ["docs:read"] },
        { id: "role_taken", name: "Again", permissions: ["*"] },
      ],
      409,
    );
    expect(clash.error.reason).toBe("ROLE_EXISTS");
    await call(instance, "GET", "/roles/role_new", undefined, 404);
    const badEntry = await call(
      instance,
      "POST",
      "/roles/batch",
      [{ id: "role_a", name: "A", permissions: ["a b"] }],
      422,
    );
    expect(badEntry.error.param).toBe("[0].permissions[0]");
    const made = await call(
      instance,
      "POST",
      "/roles/batch",
      [{ id: "role_new", name: "New", permissions: ["docs:read"] }],
      201,
    );
    expect(made).toEqual([expect.objectContaining({ id: "role_new", permissions: ["docs:read"], scopeId: null })]);
  });

  it("lists in pages with limit and after, and deletes a scope type only when unused", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const first = await call(instance, "GET", "/scope-types?limit=2", undefined, 200);
    expect(first.map((t: { id: string }) => t.id)).toEqual(["type_dept", "type_org"]);
    const rest = await call(instance, "GET", "/scope-types?limit=2&after=type_org", undefined, 200);
    expect(rest.map((t: { id: string }) => t.id)).toEqual(["type_team"]);
    const page = await call(
      instance,
      "GET",
      "/scopes/scope_engineering/children?limit=1&after=scope_frontend",
      undefined,
      200,
    );
    expect(page.map((s: { id: string }) => s.id)).toEqual(["scope_platform"]);
    const roots = await call(instance, "GET", "/scopes?rootsOnly=true", undefined, 200);
    expect(roots.map((s: { id: string }) => s.id)).toEqual(["scope_acme"]);

    const used = await call(instance, "DELETE", "/scope-types/type_team", undefined, 422);
    expect(used.error.reason).toBe("SCOPE_TYPE_IN_USE");
    await call(
      instance,
      "POST",
      "/scope-types",
      { id: "type_spare", name: "Spare", config: { permissionMode: "merge" } },
      201,
    );
    expect((await call(instance, "GET", "/scope-types/type_spare", undefined, 200)).config).toEqual({
      permissionMode: "inherit",
    });
    expect(await call(instance, "DELETE", "/scope-types/type_spare", undefined, 200)).toEqual({ success: true });
    const again = await call(instance, "POST", "/scope-types", { id: "type_team", name: "Team" }, 409);
    expect(again).toEqual(bedrockError(409, "duplicate_record", { reason: "SCOPE_TYPE_EXISTS" }));
  });
});

describe("one set of rules behind ScopeService and the REST routes", () => {
  it("reads over Connect what REST wrote, and refuses the same duplicate external id on both", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    await call(instance, "PATCH", "/scopes/scope_platform", { externalId: "team-1" }, 200);
    const scopes = createClient(ScopeService, env.transportWithKey(instance.secret));
    const { scope } = await scopes.getScope({ id: "scope_platform" });
    expect(scope).toMatchObject({ externalId: "team-1", parentScopeId: "scope_engineering", depth: 3 });

    const duplicate = await call(
      instance,
      "POST",
      "/scopes",
      { name: "Dup", typeId: "type_team", parentScopeId: "scope_engineering", externalId: "team-1" },
      409,
    );
    expect(duplicate.error.reason).toBe("SCOPE_EXTERNAL_ID_EXISTS");
    await expect(
      scopes.createScope({
        name: "Dup",
        typeId: "type_team",
        parentScopeId: "scope_engineering",
        externalId: "team-1",
      }),
    ).rejects.toThrow(/already has external id team-1/);
  });
});

describe("hostile requests", () => {
  it("answers 422 naming the parameter: unknown, misspelled, nested, wrong type, out of range", async () => {
    const instance = await env.newInstance();
    await governanceTree(instance);
    const cases: [string, string, unknown, string][] = [
      ["POST", "/scopes", { name: "x", typeId: "type_team", parent_scope_id: "scope_acme" }, "parent_scope_id"],
      [
        "POST",
        "/scopes",
        { name: "x", typeId: "type_team", memberships: [{ subjectId: "subject_bob", role: 1 }] },
        "memberships[0].role",
      ],
      ["POST", "/scopes", { name: "x", typeId: "type_team", memberships: "subject_bob" }, "memberships"],
      ["POST", "/scopes", { name: 7, typeId: "type_team" }, "name"],
      ["POST", "/scopes", { name: "x", typeId: "team" }, "typeId"],
      ["POST", "/scopes", { name: "x", typeId: "type_team", meta: { a: 1 } }, "meta.a"],
      ["POST", "/scopes", { name: "x", typeId: "type_team", id: "scope_a/b" }, "id"],
      ["POST", "/scope-types", { name: "x", config: { permissionMode: "override" } }, "config.permissionMode"],
      ["POST", "/scope-types", { name: "x", description: "d" }, "description"],
      ["POST", "/subjects", { subjectType: "api_key" }, "subjectType"],
      ["POST", "/roles", { name: "r", permissions: [] }, "permissions"],
      [
        "POST",
        "/evaluate",
        { actor: { subjectId: "subject_jane" }, scopeId: "scope_acme", action: "docs:*" },
        "action",
      ],
      [
        "POST",
        "/evaluate",
        { actor: { subjectId: "subject_jane" }, scopeId: "scope_acme", action: "a", onBehalfOf: {} },
        "onBehalfOf",
      ],
      ["GET", "/scopes?ids=scope_a&limit=3", undefined, "limit"],
      ["GET", "/scopes?idz=scope_a", undefined, "idz"],
      ["GET", "/scopes?ids=", undefined, "ids[0]"],
      ["GET", `/scopes?ids=${Array(1001).fill("scope_a").join(",")}`, undefined, "ids"],
      ["GET", "/scopes?ids=scope_a,scope_b/../c", undefined, "ids[1]"],
      ["GET", "/scopes/scope_acme/children?limit=0", undefined, "limit"],
      ["GET", "/scopes/scope_acme?expand=1", undefined, "expand"],
      ["GET", "/memberships", undefined, "scopeId"],
    ];
    for (const [method, path, json, param] of cases) {
      const res = await rest(method, path, { key: instance.secret, json });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(422);
      expect(res.body).toEqual(bedrockError(422, "form_param_value_invalid", { param, reason: "INVALID_FIELD" }));
    }
  });

  it("answers 400 for bad JSON or the wrong JSON shape, 415 for another media type, 413 past 64 KiB", async () => {
    const instance = await env.newInstance();
    const send = (path: string, raw: string, type = "application/json") =>
      rest("POST", path, { key: instance.secret, raw, headers: { "content-type": type } });
    for (const [path, raw] of [
      ["/scopes", "{"],
      ["/scopes", "[]"],
      ["/scopes", '"x"'],
      ["/scopes/batch", '{"name": "x"}'],
      ["/scopes/batch", ""],
      ["/scopes", `${"[".repeat(40)}${"]".repeat(40)}`],
    ] as const) {
      const res = await send(path, raw);
      expect(res.status, `${path} ${raw.slice(0, 20)}`).toBe(400);
      expect(res.body).toEqual(bedrockError(400, "request_body_invalid"));
    }
    const batchItem = await send("/scopes/batch", "[1]");
    expect(batchItem.status).toBe(422);
    expect(batchItem.body.error.param).toBe("[0]");
    expect((await send("/scopes", "name=x", "application/x-www-form-urlencoded")).status).toBe(415);
    const big = await send("/scopes/batch", JSON.stringify([{ name: "x".repeat(70_000), typeId: "type_x" }]));
    expect(big.status).toBe(413);
    expect(big.body).toEqual(bedrockError(413, "request_body_too_large"));
  });

  it("answers 404 for another instance's scope, subject, role or type, as for one that does not exist", async () => {
    const owner = await env.newInstance();
    await governanceTree(owner);
    const other = await env.newInstance();
    const paths: [string, string, unknown][] = [
      ["GET", "/scopes/scope_acme", undefined],
      ["PATCH", "/scopes/scope_acme", { name: "mine now" }],
      ["DELETE", "/scopes/scope_acme?cascade=true", undefined],
      ["GET", "/scopes/scope_acme/children", undefined],
      ["GET", "/scopes/scope_acme/parents", undefined],
      ["GET", "/scope-types/type_org", undefined],
      ["GET", "/subjects/subject_jane", undefined],
      ["GET", "/roles/role_admin", undefined],
      ["DELETE", "/memberships/scope_marketing/subject_bob", undefined],
    ];
    for (const [method, path, json] of paths) {
      const res = await rest(method, path, { key: other.secret, json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual(bedrockError(404, "resource_not_found"));
    }
    await call(other, "POST", "/scope-types", { id: "type_team", name: "Team" }, 201);
    const borrowed = await call(
      other,
      "POST",
      "/scopes",
      { name: "x", typeId: "type_team", parentScopeId: "scope_acme", memberships: [{ subjectId: "subject_jane" }] },
      404,
    );
    expect(borrowed.error.details).toMatchObject({ resource: "scope", id: "scope_acme" });
    expect((await call(owner, "GET", "/scopes/scope_acme", undefined, 200)).name).toBe("Acme");
  });

  it("refuses odd ids in the path with 4xx and leaves the server answering", async () => {
    const instance = await env.newInstance();
    const paths = [
      "/scopes/scope_%2e%2e",
      "/scopes/scope_a%2Fb",
      "/scopes/scope_%C3%BC",
      "/scopes/scope_%00",
      "/scopes/scope_%ZZ",
      `/scopes/scope_${"a".repeat(101)}`,
      "/scopes/scope_a/children/extra",
      "/scopes//children",
      "/scope-types/scope_a",
    ];
    for (const path of paths) {
      const res = await rest("GET", path, { key: instance.secret });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.body.error).toMatchObject({ status: res.status, code: expect.any(String) });
    }
    expect((await rest("GET", "/scopes?ids=scope_a", { key: instance.secret })).status).toBe(200);
  });

  it("answers 401 without a key and 405 for a method the path does not take", async () => {
    const noKey = await rest("GET", "/scopes/scope_a");
    expect(noKey.status).toBe(401);
    expect(noKey.body).toEqual(bedrockError(401, "authentication_invalid"));
    const instance = await env.newInstance();
    const put = await rest("PUT", "/scopes/scope_a", { key: instance.secret, json: {} });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, PATCH, DELETE");
    expect(put.body).toEqual(bedrockError(405, "method_not_allowed"));
  });
});

describe("a Python client using only the standard library", () => {
  it("builds the user-governance tree, evaluates in it and reads the errors", async () => {
    const instance = await env.newInstance();
    const { stdout } = await run("/usr/bin/python3", ["test/interop/bedrock_client.py"], {
      env: { ...process.env, LATCHKEY_URL: env.url, LATCHKEY_KEY: instance.secret },
    });
    expect(JSON.parse(stdout)).toEqual({
      created: ["scope_acme", "scope_engineering", "scope_marketing", "scope_platform", "scope_frontend"],
      children: ["scope_frontend", "scope_platform"],
      parents: ["scope_engineering"],
      allowed: true,
      matches: [{ roleId: "role_admin", scopeId: "scope_acme", permission: "docs:*", distance: 2 }],
      unknownParameter: [422, "parent_scope_id"],
      missingScope: [404, "SCOPE_NOT_FOUND"],
      deleted: { success: true },
    });
  });
});
