import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermissionMode, SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

let env: TestEnv;

const UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

type Scopes = Client<typeof ScopeService>;

async function newTenant(): Promise<{ instance: TestInstance; scopes: Scopes }> {
  const instance = await env.newInstance();
  return { instance, scopes: createClient(ScopeService, env.transportWithKey(instance.secret)) };
}

/**
 * The tree of the reference docs' user-governance guide: an org (DEFINE) with
 * departments and teams (INHERIT), plus a second org.
 *
 *   scope_acme (org) ─ scope_engineering (dept) ─ scope_platform (team)
 *                    └ scope_marketing (dept)
 *   scope_globex (org)
 */
async function orgTree(scopes: Scopes) {
  await scopes.createScopeType({ id: "type_org", name: "Organisation", permissionMode: PermissionMode.DEFINE });
  await scopes.createScopeType({ id: "type_dept", name: "Department", allowedParentTypeIds: ["type_org"] });
  await scopes.createScopeType({ id: "type_team", name: "Team", allowedParentTypeIds: ["type_dept", "type_team"] });
  await scopes.createRole({ id: "role_admin", name: "Admin", permissions: ["*"] });
  await scopes.createRole({ id: "role_deployer", name: "Deployer", permissions: ["deploy:*", "logs:read"] });
  await scopes.createRole({ id: "role_viewer", name: "Viewer", permissions: ["*:read"] });
  await scopes.createSubject({ id: "subject_jane", kind: SubjectKind.USER, displayName: "Jane" });
  await scopes.createSubject({ id: "subject_bob", kind: SubjectKind.USER, displayName: "Bob" });
  await scopes.batchCreateScopes({
    scopes: [
      { id: "scope_acme", name: "Acme", typeId: "type_org" },
      { id: "scope_engineering", name: "Engineering", typeId: "type_dept", parentScopeId: "scope_acme" },
      { id: "scope_marketing", name: "Marketing", typeId: "type_dept", parentScopeId: "scope_acme" },
      { id: "scope_platform", name: "Platform", typeId: "type_team", parentScopeId: "scope_engineering" },
      { id: "scope_globex", name: "Globex", typeId: "type_org" },
    ],
  });
}

async function allowed(scopes: Scopes, subjectId: string, scopeId: string, permission: string): Promise<boolean> {
  return (await scopes.checkPermission({ subjectId, scopeId, permission })).allowed;
}

async function parentOf(scopes: Scopes, id: string): Promise<string | undefined> {
  return (await scopes.getScope({ id })).scope?.parentScopeId;
}

describe.each(["in-memory Connect", "gRPC on a real port"] as const)("ScopeService over %s", (kind) => {
  beforeAll(async () => {
    env = await startTestEnv(kind);
  });
  afterAll(() => env.close());

  describe("scope types", () => {
    it("creates types with a client id or a generated type_<uuidv7>, and gets and lists them", async () => {
      const { scopes } = await newTenant();
      const team = (await scopes.createScopeType({ id: "type_team", name: " Team " })).scopeType;
      expect(team).toMatchObject({ id: "type_team", name: "Team", permissionMode: PermissionMode.INHERIT });
      const generated = (await scopes.createScopeType({ name: "Org", permissionMode: PermissionMode.DEFINE }))
        .scopeType;
      expect(generated?.id).toMatch(new RegExp(`^type_${UUID_V7}$`));
      expect(generated?.permissionMode).toBe(PermissionMode.DEFINE);
      expect((await scopes.getScopeType({ id: "type_team" })).scopeType).toEqual(team);
      const first = await scopes.listScopeTypes({ pageSize: 1 });
      const second = await scopes.listScopeTypes({ pageSize: 1, pageToken: first.nextPageToken });
      expect([...first.scopeTypes, ...second.scopeTypes].map((t) => t.id)).toEqual([generated?.id, "type_team"].sort());
      expect(second.nextPageToken).toBe("");
    });

    it("refuses duplicates, bad ids and unknown parent types, naming the field", async () => {
      const { scopes } = await newTenant();
      await scopes.createScopeType({ id: "type_team", name: "Team" });
      expect((await failure(scopes.createScopeType({ id: "type_team", name: "Again" }))).code).toBe(Code.AlreadyExists);
      for (const id of ["team", "type_", "type_a b", `type_${"x".repeat(101)}`, "scope_team"]) {
        const error = await failure(scopes.createScopeType({ id, name: "x" }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^id: /);
      }
      const unknown = await failure(scopes.createScopeType({ name: "x", allowedParentTypeIds: ["type_nope"] }));
      expect(unknown.code).toBe(Code.NotFound);
      expect(unknown.rawMessage).toContain("type_nope");
      const repeated = await failure(
        scopes.createScopeType({ name: "x", allowedParentTypeIds: ["type_team", "type_team"] }),
      );
      expect(repeated.rawMessage).toMatch(/^allowed_parent_type_ids\[1\]: repeats/);
      expect((await failure(scopes.createScopeType({ name: " " }))).rawMessage).toMatch(/^name: /);
      expect(
        (await failure(scopes.createScopeType({ name: "x", permissionMode: 7 as PermissionMode }))).rawMessage,
      ).toMatch(/^permission_mode: /);
    });

    it("deletes a type only when no scope or other type uses it", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      expect((await failure(scopes.deleteScopeType({ id: "type_team" }))).code).toBe(Code.FailedPrecondition);
      await scopes.deleteScope({ id: "scope_platform" });
      await scopes.deleteScopeType({ id: "type_team" });
      expect((await failure(scopes.getScopeType({ id: "type_team" }))).code).toBe(Code.NotFound);
      const named = await failure(scopes.deleteScopeType({ id: "type_org" }));
      expect(named.code).toBe(Code.FailedPrecondition);
    });

    it("UpdateScopeType renames a type and changes its allowed parents, refusing a list its scopes would break", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const breaking = await failure(
        scopes.updateScopeType({
          id: "type_dept",
          scopeType: { allowedParentTypeIds: ["type_team"] },
          updateMask: mask("allowed_parent_type_ids"),
        }),
      );
      expect(breaking.code).toBe(Code.FailedPrecondition);
      expect(breaking.rawMessage).toContain("scope_engineering of type type_dept has a parent of type type_org");
      expect((await scopes.getScopeType({ id: "type_dept" })).scopeType?.allowedParentTypeIds).toEqual(["type_org"]);

      const widened = await scopes.updateScopeType({
        id: "type_dept",
        scopeType: { name: "Division", allowedParentTypeIds: ["type_org", "type_dept"] },
        updateMask: mask("name", "allowed_parent_type_ids"),
      });
      expect(widened.scopeType).toMatchObject({ name: "Division", allowedParentTypeIds: ["type_dept", "type_org"] });
      await scopes.createScope({ id: "scope_sub", name: "Sub", typeId: "type_dept", parentScopeId: "scope_marketing" });

      const mode = await failure(
        scopes.updateScopeType({ id: "type_dept", scopeType: {}, updateMask: mask("permission_mode") }),
      );
      expect(mode.rawMessage).toMatch(/^update_mask: unknown path "permission_mode"/);
      const unknown = await failure(
        scopes.updateScopeType({
          id: "type_dept",
          scopeType: { allowedParentTypeIds: ["type_nope"] },
          updateMask: mask("allowed_parent_type_ids"),
        }),
      );
      expect(unknown.code).toBe(Code.NotFound);
    });
  });

  describe("ListScopeAncestors", () => {
    it("lists a scope's ancestors parent first, none for a root, NotFound for another instance's scope", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const { scopes: ancestors } = await scopes.listScopeAncestors({ id: "scope_platform" });
      expect(ancestors.map((scope) => scope.id)).toEqual(["scope_engineering", "scope_acme"]);
      expect((await scopes.listScopeAncestors({ id: "scope_acme" })).scopes).toEqual([]);
      const other = await newTenant();
      expect((await failure(other.scopes.listScopeAncestors({ id: "scope_platform" }))).code).toBe(Code.NotFound);
    });
  });

  describe("scopes", () => {
    it("creates a scope with inline memberships, all or nothing", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const created = await scopes.createScope({
        name: "Backend",
        typeId: "type_team",
        parentScopeId: "scope_engineering",
        externalId: "gh-team-42",
        meta: { cost_centre: "r&d" },
        memberships: [
          { subjectId: "subject_jane", roleIds: ["role_deployer"] },
          { subjectId: "subject_bob", roleIds: ["role_viewer"] },
        ],
      });
      const scope = created.scope;
      expect(scope?.id).toMatch(new RegExp(`^scope_${UUID_V7}$`));
      expect(scope).toMatchObject({
        name: "Backend",
        typeId: "type_team",
        parentScopeId: "scope_engineering",
        externalId: "gh-team-42",
        meta: { cost_centre: "r&d" },
        depth: 3,
      });
      const members = await scopes.listMemberships({ scopeId: scope?.id ?? "" });
      expect(members.memberships.map((m) => [m.subjectId, m.roleIds])).toEqual([
        ["subject_bob", ["role_viewer"]],
        ["subject_jane", ["role_deployer"]],
      ]);

      const before = (await scopes.listScopes({})).scopes.length;
      const bad = await failure(
        scopes.createScope({
          id: "scope_half",
          name: "Half",
          typeId: "type_team",
          parentScopeId: "scope_engineering",
          memberships: [
            { subjectId: "subject_jane", roleIds: ["role_admin"] },
            { subjectId: "subject_bob", roleIds: ["role_missing"] },
          ],
        }),
      );
      expect(bad.code).toBe(Code.NotFound);
      expect(bad.rawMessage).toContain("role_missing");
      expect((await scopes.listScopes({})).scopes.length).toBe(before);
      expect((await failure(scopes.getScope({ id: "scope_half" }))).code).toBe(Code.NotFound);
      expect(await allowed(scopes, "subject_jane", "scope_engineering", "deploy:write")).toBe(false);
    });

    it("keeps external ids unique per type and enforces the allowed parent types", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createScope({ name: "A", typeId: "type_dept", parentScopeId: "scope_acme", externalId: "x1" });
      const taken = await failure(
        scopes.createScope({ name: "B", typeId: "type_dept", parentScopeId: "scope_acme", externalId: "x1" }),
      );
      expect(taken.code).toBe(Code.AlreadyExists);
      await scopes.createScope({ name: "C", typeId: "type_team", parentScopeId: "scope_marketing", externalId: "x1" });
      const root = await failure(scopes.createScope({ name: "D", typeId: "type_dept" }));
      expect(root.code).toBe(Code.FailedPrecondition);
      const wrongParent = await failure(
        scopes.createScope({ name: "E", typeId: "type_dept", parentScopeId: "scope_platform" }),
      );
      expect(wrongParent.code).toBe(Code.FailedPrecondition);
      expect(wrongParent.rawMessage).toContain("type_org");
      const noType = await failure(scopes.createScope({ name: "F", typeId: "type_nope" }));
      expect(noType.code).toBe(Code.NotFound);
      const noParent = await failure(
        scopes.createScope({ name: "G", typeId: "type_org", parentScopeId: "scope_nope" }),
      );
      expect(noParent.code).toBe(Code.NotFound);
      expect((await failure(scopes.createScope({ id: "scope_acme", name: "H", typeId: "type_org" }))).code).toBe(
        Code.AlreadyExists,
      );
    });

    it("validates every field and names it", async () => {
      const { scopes } = await newTenant();
      const cases: [Parameters<Scopes["createScope"]>[0], RegExp][] = [
        [{ name: "", typeId: "type_x" }, /^name: /],
        [{ name: "x", typeId: "" }, /^type_id: /],
        [{ name: "x", typeId: "type_x", parentScopeId: "mch_1" }, /^parent_scope_id: /],
        [{ name: "x", typeId: "type_x", externalId: "" }, /^external_id: /],
        [{ name: "x", typeId: "type_x", meta: { "": "v" } }, /^meta: /],
        [{ name: "x", typeId: "type_x", meta: { k: "v".repeat(513) } }, /^meta\[k\]: /],
        [{ name: "x\u0000", typeId: "type_x" }, /^name: /],
        [{ name: "x", typeId: "type_x", memberships: [{ subjectId: "jane" }] }, /^memberships\[0\]\.subject_id: /],
        [
          { name: "x", typeId: "type_x", memberships: [{ subjectId: "subject_a", roleIds: ["role_a", "role_a"] }] },
          /^memberships\[0\]\.role_ids\[1\]: /,
        ],
      ];
      for (const [request, field] of cases) {
        const error = await failure(scopes.createScope(request));
        expect(error.code, JSON.stringify(request)).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(field);
      }
    });

    it("bounds the depth at 16", async () => {
      const { scopes } = await newTenant();
      await scopes.createScopeType({ id: "type_node", name: "Node" });
      const chain = Array.from({ length: 16 }, (_, i) => ({
        id: `scope_d${i + 1}`,
        name: `d${i + 1}`,
        typeId: "type_node",
        parentScopeId: i === 0 ? "" : `scope_d${i}`,
      }));
      const created = await scopes.batchCreateScopes({ scopes: chain });
      expect(created.scopes.map((s) => s.depth)).toEqual(chain.map((_, i) => i + 1));
      const deeper = await failure(
        scopes.createScope({ name: "d17", typeId: "type_node", parentScopeId: "scope_d16" }),
      );
      expect(deeper.code).toBe(Code.FailedPrecondition);
      expect(deeper.rawMessage).toContain("16");
    });

    it("batch-creates scopes that name earlier entries as parents, all or nothing", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const res = await scopes.batchCreateScopes({
        scopes: [
          { id: "scope_ops", name: "Ops", typeId: "type_dept", parentScopeId: "scope_acme" },
          { id: "scope_sre", name: "SRE", typeId: "type_team", parentScopeId: "scope_ops" },
          { id: "scope_oncall", name: "On-call", typeId: "type_team", parentScopeId: "scope_sre" },
        ],
      });
      expect(res.scopes.map((s) => [s.id, s.depth])).toEqual([
        ["scope_ops", 2],
        ["scope_sre", 3],
        ["scope_oncall", 4],
      ]);
      const bad = await failure(
        scopes.batchCreateScopes({
          scopes: [
            { id: "scope_a1", name: "A1", typeId: "type_dept", parentScopeId: "scope_acme" },
            { id: "scope_a2", name: "A2", typeId: "type_team", parentScopeId: "scope_a1" },
            { id: "scope_a3", name: "A3", typeId: "type_team", parentScopeId: "scope_nowhere" },
          ],
        }),
      );
      expect(bad.code).toBe(Code.NotFound);
      expect((await scopes.listScopes({ ids: ["scope_a1", "scope_a2"] })).scopes).toEqual([]);
      const repeated = await failure(
        scopes.batchCreateScopes({
          scopes: [
            { id: "scope_b", name: "B", typeId: "type_org" },
            { id: "scope_b", name: "B again", typeId: "type_org" },
          ],
        }),
      );
      expect(repeated.rawMessage).toMatch(/^scopes\[1\]\.id: repeats/);
      expect((await failure(scopes.batchCreateScopes({ scopes: [] }))).code).toBe(Code.InvalidArgument);
    });

    it("lists by parent, type, external id, ids and roots, a page at a time", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const ids = async (request: Parameters<Scopes["listScopes"]>[0]) =>
        (await scopes.listScopes(request)).scopes.map((s) => s.id);
      expect(await ids({ parentScopeId: "scope_acme" })).toEqual(["scope_engineering", "scope_marketing"]);
      expect(await ids({ typeId: "type_org" })).toEqual(["scope_acme", "scope_globex"]);
      expect(await ids({ rootsOnly: true })).toEqual(["scope_acme", "scope_globex"]);
      expect(await ids({ ids: ["scope_platform", "scope_acme", "scope_nope"] })).toEqual([
        "scope_acme",
        "scope_platform",
      ]);
      await scopes.updateScope({
        id: "scope_platform",
        scope: { externalId: "ext-1" },
        updateMask: mask("external_id"),
      });
      expect(await ids({ externalId: "ext-1" })).toEqual(["scope_platform"]);

      const seen: string[] = [];
      let pageToken = "";
      do {
        const page = await scopes.listScopes({ pageSize: 2, pageToken });
        expect(page.scopes.length).toBeLessThanOrEqual(2);
        seen.push(...page.scopes.map((s) => s.id));
        pageToken = page.nextPageToken;
      } while (pageToken !== "");
      expect(seen).toEqual([...seen].sort());
      expect(seen).toHaveLength(5);

      const first = await scopes.listScopes({ pageSize: 1 });
      const mismatch = await failure(
        scopes.listScopes({ pageSize: 1, pageToken: first.nextPageToken, typeId: "type_org" }),
      );
      expect(mismatch.rawMessage).toMatch(/^page_token: /);
      expect((await failure(scopes.listScopes({ pageToken: "garbage!" }))).rawMessage).toMatch(/^page_token: /);
      expect((await failure(scopes.listScopes({ pageSize: 1001 }))).rawMessage).toMatch(/^page_size: /);
      expect((await failure(scopes.listScopes({ rootsOnly: true, parentScopeId: "scope_acme" }))).rawMessage).toMatch(
        /^roots_only: /,
      );
    });
  });

  describe("UpdateScope", () => {
    it("renames, relabels and clears the external id as the mask says", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const renamed = await scopes.updateScope({
        id: "scope_platform",
        scope: { name: "Platform Team", meta: { tier: "1" }, externalId: "p" },
        updateMask: mask("name", "meta", "external_id"),
      });
      expect(renamed.scope).toMatchObject({ name: "Platform Team", meta: { tier: "1" }, externalId: "p" });
      const onlyName = await scopes.updateScope({
        id: "scope_platform",
        scope: { name: "Plat", meta: {} },
        updateMask: mask("name"),
      });
      expect(onlyName.scope).toMatchObject({ name: "Plat", meta: { tier: "1" }, externalId: "p" });
      const cleared = await scopes.updateScope({ id: "scope_platform", scope: {}, updateMask: mask("external_id") });
      expect(cleared.scope?.externalId).toBeUndefined();
      expect((await failure(scopes.updateScope({ id: "scope_platform", scope: {} }))).rawMessage).toMatch(
        /^update_mask: /,
      );
      expect(
        (await failure(scopes.updateScope({ id: "scope_platform", scope: {}, updateMask: mask("depth") }))).rawMessage,
      ).toMatch(/^update_mask: /);
      expect(
        (await failure(scopes.updateScope({ id: "scope_nope", scope: { name: "x" }, updateMask: mask("name") }))).code,
      ).toBe(Code.NotFound);
    });

    it("moves a subtree: depths follow, inherited permissions follow, cycles are refused", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createScope({
        id: "scope_infra",
        name: "Infra",
        typeId: "type_team",
        parentScopeId: "scope_platform",
      });
      await scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_jane",
        roleIds: ["role_deployer"],
      });
      expect(await allowed(scopes, "subject_jane", "scope_infra", "deploy:write")).toBe(true);

      const moved = await scopes.updateScope({
        id: "scope_platform",
        scope: { parentScopeId: "scope_marketing" },
        updateMask: mask("parent_scope_id"),
      });
      expect(moved.scope).toMatchObject({ parentScopeId: "scope_marketing", depth: 3 });
      expect((await scopes.getScope({ id: "scope_infra" })).scope?.depth).toBe(4);
      expect(await allowed(scopes, "subject_jane", "scope_infra", "deploy:write")).toBe(false);
      await scopes.createMembership({ scopeId: "scope_marketing", subjectId: "subject_bob", roleIds: ["role_viewer"] });
      expect(await allowed(scopes, "subject_bob", "scope_infra", "logs:read")).toBe(true);

      const self = await failure(
        scopes.updateScope({
          id: "scope_platform",
          scope: { parentScopeId: "scope_platform" },
          updateMask: mask("parent_scope_id"),
        }),
      );
      expect(self.code).toBe(Code.InvalidArgument);
      const cycle = await failure(
        scopes.updateScope({
          id: "scope_platform",
          scope: { parentScopeId: "scope_infra" },
          updateMask: mask("parent_scope_id"),
        }),
      );
      expect(cycle.code).toBe(Code.FailedPrecondition);
      expect(cycle.rawMessage).toContain("cycle");
      const wrongType = await failure(
        scopes.updateScope({
          id: "scope_platform",
          scope: { parentScopeId: "scope_acme" },
          updateMask: mask("parent_scope_id"),
        }),
      );
      expect(wrongType.code).toBe(Code.FailedPrecondition);
    });

    it("refuses a move that would leave a membership with a role defined out of reach", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createRole({
        id: "role_eng_lead",
        name: "Eng lead",
        permissions: ["eng:*"],
        scopeId: "scope_engineering",
      });
      await scopes.createMembership({
        scopeId: "scope_platform",
        subjectId: "subject_jane",
        roleIds: ["role_eng_lead"],
      });
      const error = await failure(
        scopes.updateScope({
          id: "scope_platform",
          scope: { parentScopeId: "scope_marketing" },
          updateMask: mask("parent_scope_id"),
        }),
      );
      expect(error.code).toBe(Code.FailedPrecondition);
      expect(error.rawMessage).toContain("role_eng_lead");
      expect(await parentOf(scopes, "scope_platform")).toBe("scope_engineering");
    });

    it("refuses a move deeper than 16", async () => {
      const { scopes } = await newTenant();
      await scopes.createScopeType({ id: "type_node", name: "Node" });
      const chain = (prefix: string, length: number) =>
        Array.from({ length }, (_, i) => ({
          id: `scope_${prefix}${i}`,
          name: `${prefix}${i}`,
          typeId: "type_node",
          parentScopeId: i === 0 ? "" : `scope_${prefix}${i - 1}`,
        }));
      await scopes.batchCreateScopes({ scopes: [...chain("a", 10), ...chain("b", 7)] });
      const error = await failure(
        scopes.updateScope({
          id: "scope_b0",
          scope: { parentScopeId: "scope_a9" },
          updateMask: mask("parent_scope_id"),
        }),
      );
      expect(error.code).toBe(Code.FailedPrecondition);
      await scopes.updateScope({
        id: "scope_b1",
        scope: { parentScopeId: "scope_a9" },
        updateMask: mask("parent_scope_id"),
      });
      expect((await scopes.getScope({ id: "scope_b6" })).scope?.depth).toBe(16);
      await scopes.updateScope({ id: "scope_b1", scope: {}, updateMask: mask("parent_scope_id") });
      const root = (await scopes.getScope({ id: "scope_b1" })).scope;
      expect(root?.depth).toBe(1);
      expect(root?.parentScopeId).toBeUndefined();
      expect((await scopes.getScope({ id: "scope_b6" })).scope?.depth).toBe(6);
    });

    it("never makes a cycle under concurrent opposite moves", async () => {
      const { scopes } = await newTenant();
      await scopes.createScopeType({ id: "type_node", name: "Node" });
      for (let round = 0; round < 10; round++) {
        await scopes.batchCreateScopes({
          scopes: [
            { id: `scope_x${round}`, name: "x", typeId: "type_node" },
            { id: `scope_y${round}`, name: "y", typeId: "type_node" },
          ],
        });
        const results = await Promise.allSettled([
          scopes.updateScope({
            id: `scope_x${round}`,
            scope: { parentScopeId: `scope_y${round}` },
            updateMask: mask("parent_scope_id"),
          }),
          scopes.updateScope({
            id: `scope_y${round}`,
            scope: { parentScopeId: `scope_x${round}` },
            updateMask: mask("parent_scope_id"),
          }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const parents = [await parentOf(scopes, `scope_x${round}`), await parentOf(scopes, `scope_y${round}`)];
        expect(parents.filter((p) => p === undefined)).toHaveLength(1);
      }
    });
  });

  describe("DeleteScope", () => {
    it("refuses a scope with children unless cascading, and removes memberships and scoped roles", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createRole({ id: "role_eng", name: "Eng", permissions: ["eng:*"], scopeId: "scope_engineering" });
      await scopes.createMembership({ scopeId: "scope_platform", subjectId: "subject_jane", roleIds: ["role_eng"] });
      const refused = await failure(scopes.deleteScope({ id: "scope_engineering" }));
      expect(refused.code).toBe(Code.FailedPrecondition);
      const res = await scopes.deleteScope({ id: "scope_engineering", cascade: true });
      expect(res.deletedScopeCount).toBe(2);
      expect((await failure(scopes.getScope({ id: "scope_platform" }))).code).toBe(Code.NotFound);
      expect((await failure(scopes.getRole({ id: "role_eng" }))).code).toBe(Code.NotFound);
      expect((await scopes.listMemberships({ subjectId: "subject_jane" })).memberships).toEqual([]);
      expect((await scopes.deleteScope({ id: "scope_marketing" })).deletedScopeCount).toBe(1);
      expect((await failure(scopes.deleteScope({ id: "scope_marketing" }))).code).toBe(Code.NotFound);
    });
  });

  describe("subjects and roles", () => {
    it("creates, gets, lists and deletes subjects; deleting one removes its memberships", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const agent = (
        await scopes.createSubject({ kind: SubjectKind.AGENT, externalId: "agent-7", displayName: "Release bot" })
      ).subject;
      expect(agent?.id).toMatch(new RegExp(`^subject_${UUID_V7}$`));
      expect((await scopes.getSubject({ id: agent?.id ?? "" })).subject).toEqual(agent);
      expect((await scopes.listSubjects({ kind: SubjectKind.AGENT })).subjects.map((s) => s.id)).toEqual([agent?.id]);
      expect((await scopes.listSubjects({ externalId: "agent-7" })).subjects).toHaveLength(1);
      const dup = await failure(scopes.createSubject({ kind: SubjectKind.USER, externalId: "agent-7" }));
      expect(dup.code).toBe(Code.AlreadyExists);
      expect((await failure(scopes.createSubject({ displayName: "no kind" }))).rawMessage).toMatch(/^kind: /);

      await scopes.createMembership({ scopeId: "scope_acme", subjectId: agent?.id ?? "", roleIds: ["role_admin"] });
      expect(await allowed(scopes, agent?.id ?? "", "scope_platform", "anything")).toBe(true);
      await scopes.deleteSubject({ id: agent?.id ?? "" });
      expect((await scopes.listMemberships({ scopeId: "scope_acme" })).memberships).toEqual([]);
      expect((await failure(scopes.deleteSubject({ id: agent?.id ?? "" }))).code).toBe(Code.NotFound);
    });

    it("validates permission patterns, updates them live, and refuses deleting a role in use", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      for (const permissions of [[], ["a b"], ["x".repeat(129)], ["a:%"], ["ok", "ok"]]) {
        const error = await failure(scopes.createRole({ name: "bad", permissions }));
        expect(error.code).toBe(Code.InvalidArgument);
        expect(error.rawMessage).toMatch(/^permissions/);
      }
      await scopes.createMembership({ scopeId: "scope_acme", subjectId: "subject_bob", roleIds: ["role_viewer"] });
      expect(await allowed(scopes, "subject_bob", "scope_platform", "billing:write")).toBe(false);
      const updated = await scopes.updateRole({
        id: "role_viewer",
        role: { permissions: ["*:read", "billing:write"] },
        updateMask: mask("permissions"),
      });
      expect(updated.role?.permissions).toEqual(["*:read", "billing:write"]);
      expect(await allowed(scopes, "subject_bob", "scope_platform", "billing:write")).toBe(true);
      expect((await failure(scopes.deleteRole({ id: "role_viewer" }))).code).toBe(Code.FailedPrecondition);
      await scopes.deleteMembership({ scopeId: "scope_acme", subjectId: "subject_bob" });
      await scopes.deleteRole({ id: "role_viewer" });
      expect((await failure(scopes.getRole({ id: "role_viewer" }))).code).toBe(Code.NotFound);
      expect((await scopes.listRoles({})).roles.map((r) => r.id)).toEqual(["role_admin", "role_deployer"]);
    });

    it("lets a role defined at a scope be used there and below only", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createRole({ id: "role_eng", name: "Eng", permissions: ["eng:*"], scopeId: "scope_engineering" });
      expect((await scopes.listRoles({ scopeId: "scope_engineering" })).roles.map((r) => r.id)).toEqual(["role_eng"]);
      await scopes.createMembership({ scopeId: "scope_platform", subjectId: "subject_jane", roleIds: ["role_eng"] });
      const sibling = await failure(
        scopes.createMembership({ scopeId: "scope_marketing", subjectId: "subject_jane", roleIds: ["role_eng"] }),
      );
      expect(sibling.code).toBe(Code.FailedPrecondition);
      expect(sibling.rawMessage).toContain("scope_engineering");
      const above = await failure(
        scopes.createMembership({ scopeId: "scope_acme", subjectId: "subject_bob", roleIds: ["role_eng"] }),
      );
      expect(above.code).toBe(Code.FailedPrecondition);
    });
  });

  describe("memberships", () => {
    it("adds, changes, removes and lists memberships of users and machines", async () => {
      const { instance, scopes } = await newTenant();
      await orgTree(scopes);
      const machine = await env.newMachine(instance, "deployer");
      const added = await scopes.createMembership({
        scopeId: "scope_platform",
        subjectId: machine.id,
        roleIds: ["role_deployer"],
      });
      expect(added.membership).toMatchObject({
        scopeId: "scope_platform",
        subjectId: machine.id,
        roleIds: ["role_deployer"],
      });
      expect(await allowed(scopes, machine.id, "scope_platform", "deploy:prod")).toBe(true);
      const again = await failure(scopes.createMembership({ scopeId: "scope_platform", subjectId: machine.id }));
      expect(again.code).toBe(Code.AlreadyExists);

      const changed = await scopes.updateMembership({
        scopeId: "scope_platform",
        subjectId: machine.id,
        roleIds: ["role_viewer", "role_admin"],
      });
      expect(changed.membership?.roleIds).toEqual(["role_admin", "role_viewer"]);
      await scopes.createMembership({ scopeId: "scope_acme", subjectId: machine.id });
      await scopes.createMembership({ scopeId: "scope_acme", subjectId: "subject_jane", roleIds: ["role_viewer"] });

      const bySubject = await scopes.listMemberships({ subjectId: machine.id, pageSize: 1 });
      expect(bySubject.memberships.map((m) => m.scopeId)).toEqual(["scope_acme"]);
      const rest = await scopes.listMemberships({
        subjectId: machine.id,
        pageSize: 1,
        pageToken: bySubject.nextPageToken,
      });
      expect(rest.memberships.map((m) => m.scopeId)).toEqual(["scope_platform"]);
      expect(rest.nextPageToken).toBe("");
      expect((await scopes.listMemberships({ scopeId: "scope_acme" })).memberships.map((m) => m.subjectId)).toEqual([
        machine.id,
        "subject_jane",
      ]);
      expect((await failure(scopes.listMemberships({}))).code).toBe(Code.InvalidArgument);

      await instance.machines.deleteMachine({ id: machine.id });
      expect((await scopes.listMemberships({ scopeId: "scope_platform" })).memberships).toEqual([]);
      await scopes.deleteMembership({ scopeId: "scope_acme", subjectId: "subject_jane" });
      expect((await failure(scopes.deleteMembership({ scopeId: "scope_acme", subjectId: "subject_jane" }))).code).toBe(
        Code.NotFound,
      );
    });

    it("refuses unknown subjects, machines and roles", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const cases: [Parameters<Scopes["createMembership"]>[0], string][] = [
        [{ scopeId: "scope_acme", subjectId: "subject_nobody" }, "subject_nobody"],
        [{ scopeId: "scope_acme", subjectId: `mch_${"0".repeat(27)}` }, `mch_${"0".repeat(27)}`],
        [{ scopeId: "scope_acme", subjectId: "subject_jane", roleIds: ["role_none"] }, "role_none"],
        [{ scopeId: "scope_none", subjectId: "subject_jane" }, "scope_none"],
      ];
      for (const [request, id] of cases) {
        const error = await failure(scopes.createMembership(request));
        expect(error.code).toBe(Code.NotFound);
        expect(error.rawMessage).toContain(id);
      }
      expect(
        (await failure(scopes.createMembership({ scopeId: "scope_acme", subjectId: "mch_short" }))).rawMessage,
      ).toMatch(/^subject_id: /);
    });
  });

  describe("CheckPermission", () => {
    it("inherits down the tree, not up, and explains the grant", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_jane",
        roleIds: ["role_deployer"],
      });
      const res = await scopes.checkPermission({
        subjectId: "subject_jane",
        scopeId: "scope_platform",
        permission: "deploy:write",
      });
      expect(res.allowed).toBe(true);
      expect(res.grants.map((g) => ({ ...g, $typeName: undefined }))).toEqual([
        {
          $typeName: undefined,
          scopeId: "scope_engineering",
          roleId: "role_deployer",
          permission: "deploy:*",
          distance: 1,
        },
      ]);
      expect(await allowed(scopes, "subject_jane", "scope_engineering", "logs:read")).toBe(true);
      expect(await allowed(scopes, "subject_jane", "scope_acme", "deploy:write")).toBe(false);
      expect(await allowed(scopes, "subject_jane", "scope_marketing", "deploy:write")).toBe(false);
      const denied = await scopes.checkPermission({
        subjectId: "subject_bob",
        scopeId: "scope_platform",
        permission: "deploy:write",
      });
      expect(denied).toMatchObject({ allowed: false, grants: [] });
    });

    it("lists every grant, nearest first", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createMembership({ scopeId: "scope_acme", subjectId: "subject_jane", roleIds: ["role_admin"] });
      await scopes.createMembership({ scopeId: "scope_platform", subjectId: "subject_jane", roleIds: ["role_viewer"] });
      const res = await scopes.checkPermission({
        subjectId: "subject_jane",
        scopeId: "scope_platform",
        permission: "logs:read",
      });
      expect(res.grants.map((g) => [g.scopeId, g.roleId, g.permission, g.distance])).toEqual([
        ["scope_platform", "role_viewer", "*:read", 0],
        ["scope_acme", "role_admin", "*", 2],
      ]);
    });

    it("stops inheritance at a scope of a DEFINE type", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createScopeType({
        id: "type_platform",
        name: "Platform root",
        permissionMode: PermissionMode.DEFINE,
      });
      await scopes.createScopeType({ id: "type_tenant", name: "Tenant", permissionMode: PermissionMode.DEFINE });
      await scopes.createScopeType({ id: "type_project", name: "Project" });
      await scopes.batchCreateScopes({
        scopes: [
          { id: "scope_root", name: "Root", typeId: "type_platform" },
          { id: "scope_tenant", name: "Tenant", typeId: "type_tenant", parentScopeId: "scope_root" },
          { id: "scope_project", name: "Project", typeId: "type_project", parentScopeId: "scope_tenant" },
        ],
      });
      await scopes.createMembership({ scopeId: "scope_root", subjectId: "subject_jane", roleIds: ["role_admin"] });
      await scopes.createMembership({ scopeId: "scope_tenant", subjectId: "subject_bob", roleIds: ["role_viewer"] });
      expect(await allowed(scopes, "subject_jane", "scope_root", "anything")).toBe(true);
      expect(await allowed(scopes, "subject_jane", "scope_tenant", "anything")).toBe(false);
      expect(await allowed(scopes, "subject_jane", "scope_project", "anything")).toBe(false);
      expect(await allowed(scopes, "subject_bob", "scope_tenant", "logs:read")).toBe(true);
      expect(await allowed(scopes, "subject_bob", "scope_project", "logs:read")).toBe(true);
    });

    it("matches * as any run of characters and _ literally", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createRole({ id: "role_w", name: "W", permissions: ["deploy:*", "a_b", "*:audit:*"] });
      await scopes.createMembership({ scopeId: "scope_globex", subjectId: "subject_jane", roleIds: ["role_w"] });
      const cases: [string, boolean][] = [
        ["deploy:write", true],
        ["deploy:", true],
        ["deploy:prod:eu", true],
        ["deployer:write", false],
        ["deploy", false],
        ["a_b", true],
        ["axb", false],
        ["billing:audit:read", true],
        ["billing:audits", false],
      ];
      for (const [permission, expected] of cases) {
        expect(await allowed(scopes, "subject_jane", "scope_globex", permission), permission).toBe(expected);
      }
      expect((await failure(allowed(scopes, "subject_jane", "scope_globex", "deploy:*"))).rawMessage).toMatch(
        /^permission: /,
      );
    });

    it("is NotFound for an unknown scope or subject, and for another instance's", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const other = await newTenant();
      await orgTree(other.scopes);
      const unknownScope = await failure(allowed(scopes, "subject_jane", "scope_nope", "x"));
      expect(unknownScope.code).toBe(Code.NotFound);
      expect(unknownScope.rawMessage).toContain("scope_nope");
      expect((await failure(allowed(scopes, "subject_nobody", "scope_acme", "x"))).code).toBe(Code.NotFound);
      expect((await failure(allowed(scopes, `mch_${"1".repeat(27)}`, "scope_acme", "x"))).code).toBe(Code.NotFound);
      await other.scopes.createMembership({
        scopeId: "scope_acme",
        subjectId: "subject_jane",
        roleIds: ["role_admin"],
      });
      expect(await allowed(other.scopes, "subject_jane", "scope_acme", "x")).toBe(true);
      expect(await allowed(scopes, "subject_jane", "scope_acme", "x")).toBe(false);
    });

    it("answers a machine key, which may not manage scopes", async () => {
      const { instance, scopes } = await newTenant();
      await orgTree(scopes);
      const machine = await env.newMachine(instance, "api");
      await scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_jane",
        roleIds: ["role_deployer"],
      });
      const asMachine = createClient(ScopeService, env.transportWithKey(machine.secretKey));
      expect(await allowed(asMachine, "subject_jane", "scope_platform", "deploy:x")).toBe(true);
      const manage = await failure(asMachine.createSubject({ kind: SubjectKind.USER }));
      expect(manage.code).toBe(Code.PermissionDenied);
      const anonymous = createClient(ScopeService, env.transportWithKey(undefined));
      expect((await failure(allowed(anonymous, "subject_jane", "scope_platform", "deploy:x"))).code).toBe(
        Code.Unauthenticated,
      );
    });

    it("answers concurrent checks of two instances each with its own answer, and sees a removal at once", async () => {
      // On PostgreSQL, checks in flight together share one statement: none may get another's answer.
      const acme = await newTenant();
      const other = await newTenant();
      await orgTree(acme.scopes);
      await orgTree(other.scopes);
      await acme.scopes.createMembership({ scopeId: "scope_acme", subjectId: "subject_jane", roleIds: ["role_admin"] });
      await acme.scopes.createMembership({
        scopeId: "scope_platform",
        subjectId: "subject_jane",
        roleIds: ["role_viewer"],
      });
      await other.scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_bob",
        roleIds: ["role_deployer"],
      });
      const outcome = async (scopes: Scopes, subjectId: string, scopeId: string, permission: string) => {
        try {
          const res = await scopes.checkPermission({ subjectId, scopeId, permission });
          return res.grants.map((g) => `${g.scopeId}/${g.roleId}/${g.permission}/${g.distance}`).join(" ") || "denied";
        } catch (error) {
          return Code[ConnectError.from(error).code];
        }
      };
      const cases: [Scopes, string, string, string, string][] = [
        [
          acme.scopes,
          "subject_jane",
          "scope_platform",
          "logs:read",
          "scope_platform/role_viewer/*:read/0 scope_acme/role_admin/*/2",
        ],
        [acme.scopes, "subject_jane", "scope_platform", "deploy:x", "scope_acme/role_admin/*/2"],
        [acme.scopes, "subject_jane", "scope_globex", "deploy:x", "denied"],
        [acme.scopes, "subject_bob", "scope_platform", "deploy:x", "denied"],
        [acme.scopes, "subject_jane", "scope_nope", "deploy:x", "NotFound"],
        [acme.scopes, "subject_nobody", "scope_acme", "deploy:x", "NotFound"],
        [other.scopes, "subject_bob", "scope_platform", "deploy:x", "scope_engineering/role_deployer/deploy:*/1"],
        [other.scopes, "subject_jane", "scope_platform", "logs:read", "denied"],
        [other.scopes, "subject_bob", "scope_marketing", "deploy:x", "denied"],
      ];
      const round = () =>
        Promise.all(
          cases.flatMap((c) => [0, 1, 2, 3].map(() => outcome(...(c.slice(0, 4) as [Scopes, string, string, string])))),
        );
      expect(await round()).toEqual(cases.flatMap((c) => [c[4], c[4], c[4], c[4]]));
      await acme.scopes.deleteMembership({ scopeId: "scope_acme", subjectId: "subject_jane" });
      await other.scopes.deleteMembership({ scopeId: "scope_engineering", subjectId: "subject_bob" });
      const after = await Promise.all(
        [0, 1, 2, 3, 4, 5, 6, 7].flatMap(() => [
          outcome(acme.scopes, "subject_jane", "scope_platform", "deploy:x"),
          outcome(other.scopes, "subject_bob", "scope_platform", "deploy:x"),
        ]),
      );
      expect(after).toEqual(Array(16).fill("denied"));
    });

    it("answers a batch in order and names the field of a bad entry", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      await scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_jane",
        roleIds: ["role_viewer"],
      });
      const res = await scopes.batchCheckPermissions({
        checks: [
          { subjectId: "subject_jane", scopeId: "scope_platform", permission: "logs:read" },
          { subjectId: "subject_jane", scopeId: "scope_platform", permission: "logs:write" },
          { subjectId: "subject_bob", scopeId: "scope_platform", permission: "logs:read" },
        ],
      });
      expect(res.results.map((r) => r.allowed)).toEqual([true, false, false]);
      expect(res.results[0]?.grants[0]?.scopeId).toBe("scope_engineering");
      const bad = await failure(
        scopes.batchCheckPermissions({
          checks: [
            { subjectId: "subject_jane", scopeId: "scope_platform", permission: "logs:read" },
            { subjectId: "subject_jane", scopeId: "platform", permission: "logs:read" },
          ],
        }),
      );
      expect(bad.rawMessage).toMatch(/^checks\[1\]\.scope_id: /);
      expect((await failure(scopes.batchCheckPermissions({ checks: [] }))).code).toBe(Code.InvalidArgument);
    });
  });

  describe("consistency tokens (no standby configured: every read on the primary)", () => {
    it("every scope-model write returns a token, and a check at least as fresh as it sees the write", async () => {
      const { scopes } = await newTenant();
      const tokens = [
        (await scopes.createScopeType({ id: "type_org", name: "Org" })).consistencyToken,
        (await scopes.createScope({ id: "scope_acme", name: "Acme", typeId: "type_org" })).consistencyToken,
        (await scopes.createRole({ id: "role_reader", name: "Reader", permissions: ["doc:read"] })).consistencyToken,
        (await scopes.createSubject({ id: "subject_jane", kind: SubjectKind.USER, displayName: "Jane" }))
          .consistencyToken,
      ];
      const granted = await scopes.createMembership({
        scopeId: "scope_acme",
        subjectId: "subject_jane",
        roleIds: ["role_reader"],
      });
      tokens.push(granted.consistencyToken);
      // The writes that are not part of the check below return one too, UpdateScopeType included.
      const others = [
        await scopes.updateScopeType({ id: "type_org", scopeType: { name: "Organisation" }, updateMask: mask("name") }),
        await scopes.batchCreateScopes({ scopes: [{ id: "scope_lab", name: "Lab", typeId: "type_org" }] }),
        await scopes.updateScope({ id: "scope_lab", scope: { name: "Labs" }, updateMask: mask("name") }),
        await scopes.createRole({ id: "role_spare", name: "Spare", permissions: ["doc:list"] }),
        await scopes.updateRole({ id: "role_spare", role: { name: "Spare 2" }, updateMask: mask("name") }),
        await scopes.createSubject({ id: "subject_joe", kind: SubjectKind.USER, displayName: "Joe" }),
        await scopes.createMembership({ scopeId: "scope_lab", subjectId: "subject_joe", roleIds: ["role_spare"] }),
        await scopes.updateMembership({ scopeId: "scope_lab", subjectId: "subject_joe", roleIds: ["role_reader"] }),
        await scopes.deleteMembership({ scopeId: "scope_lab", subjectId: "subject_joe" }),
        await scopes.deleteSubject({ id: "subject_joe" }),
        await scopes.deleteRole({ id: "role_spare" }),
        await scopes.deleteScope({ id: "scope_lab" }),
        await scopes.createScopeType({ id: "type_spare", name: "Spare" }),
        await scopes.deleteScopeType({ id: "type_spare" }),
      ];
      tokens.push(...others.map((written) => written.consistencyToken));
      for (const token of tokens) expect(token).toMatch(/^ct1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
      // Each write commits after the one before, so its token names a later log position.
      const positions = tokens.map((token) => BigInt(`0x${token.split(".")[1]}`));
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? 0n);
      const check = { subjectId: "subject_jane", scopeId: "scope_acme", permission: "doc:read" };
      const fresh = { requirement: { case: "atLeastAsFresh" as const, value: granted.consistencyToken } };
      const read = await scopes.checkPermission({ ...check, consistency: fresh });
      expect(read.allowed).toBe(true);
      // The answer names the point it was read at, itself a token a later read may ask for.
      expect(read.consistencyToken).toMatch(/^ct1\./);
      const again = { requirement: { case: "atLeastAsFresh" as const, value: read.consistencyToken } };
      expect((await scopes.checkPermission({ ...check, consistency: again })).allowed).toBe(true);

      const revoked = await scopes.deleteMembership({ scopeId: "scope_acme", subjectId: "subject_jane" });
      expect(revoked.consistencyToken).toMatch(/^ct1\./);
      const afterRevoke = { requirement: { case: "atLeastAsFresh" as const, value: revoked.consistencyToken } };
      expect((await scopes.checkPermission({ ...check, consistency: afterRevoke })).allowed).toBe(false);
      // The default is fully consistent: the revocation is seen without any token.
      expect((await scopes.checkPermission(check)).allowed).toBe(false);
      for (const requirement of [
        { case: "minimizeLatency" as const, value: true },
        { case: "fullyConsistent" as const, value: true },
      ]) {
        expect((await scopes.checkPermission({ ...check, consistency: { requirement } })).allowed).toBe(false);
      }
      const batch = await scopes.batchCheckPermissions({ checks: [check, check], consistency: afterRevoke });
      expect(batch.results.map((result) => result.allowed)).toEqual([false, false]);
      expect(batch.consistencyToken).toMatch(/^ct1\./);
    });

    it("GetScope and ListScopes take a consistency and answer the token they were read at", async () => {
      const { scopes } = await newTenant();
      await scopes.createScopeType({ id: "type_org", name: "Org" });
      await scopes.createScope({ id: "scope_acme", name: "Acme", typeId: "type_org" });
      const renamed = await scopes.updateScope({
        id: "scope_acme",
        scope: { name: "Acme 2" },
        updateMask: mask("name"),
      });
      const fresh = { requirement: { case: "atLeastAsFresh" as const, value: renamed.consistencyToken } };
      const got = await scopes.getScope({ id: "scope_acme", consistency: fresh });
      expect(got.scope?.name).toBe("Acme 2");
      // Read at or past the rename, and itself a token a later read may ask for.
      const position = (token: string) => BigInt(`0x${token.split(".")[1]}`);
      expect(position(got.consistencyToken)).toBeGreaterThanOrEqual(position(renamed.consistencyToken));
      const again = { requirement: { case: "atLeastAsFresh" as const, value: got.consistencyToken } };
      const listed = await scopes.listScopes({ consistency: again });
      expect(listed.scopes.map((scope) => scope.name)).toEqual(["Acme 2"]);
      expect(listed.consistencyToken).toMatch(/^ct1\./);
      // Unset is fully consistent and answers a token as well; a missing scope is NotFound at any level.
      expect((await scopes.getScope({ id: "scope_acme" })).consistencyToken).toMatch(/^ct1\./);
      const missing = await failure(
        scopes.getScope({ id: "scope_nope", consistency: { requirement: { case: "minimizeLatency", value: true } } }),
      );
      expect(missing.code).toBe(Code.NotFound);
      for (const call of [
        scopes.getScope({ id: "scope_acme", consistency: { requirement: { case: "atLeastAsFresh", value: "ct1.x" } } }),
        scopes.listScopes({ consistency: { requirement: { case: "atLeastAsFresh", value: "ct1.x" } } }),
      ]) {
        const refused = await failure(call);
        expect(refused.code).toBe(Code.InvalidArgument);
        expect(refused.rawMessage).toMatch(/^consistency\.at_least_as_fresh: is not a consistency token/);
      }
    });

    it("refuses a forged or altered token and a contradictory consistency, naming the field", async () => {
      const { scopes } = await newTenant();
      const { consistencyToken } = await scopes.createScopeType({ id: "type_org", name: "Org" });
      await scopes.createScope({ id: "scope_acme", name: "Acme", typeId: "type_org" });
      await scopes.createSubject({ id: "subject_jane", kind: SubjectKind.USER, displayName: "Jane" });
      const check = { subjectId: "subject_jane", scopeId: "scope_acme", permission: "doc:read" };
      const [version, position, mac] = consistencyToken.split(".");
      const later = (BigInt(`0x${position}`) + 1n).toString(16).padStart(16, "0");
      for (const forged of [
        `${version}.${later}.${mac}`,
        `${version}.${position}.${"A".repeat(43)}`,
        `${consistencyToken}.x`,
        "ct1.ffffffffffffffff",
        "",
        "not a token",
      ]) {
        const refused = await failure(
          scopes.checkPermission({ ...check, consistency: { requirement: { case: "atLeastAsFresh", value: forged } } }),
        );
        expect(refused.code).toBe(Code.InvalidArgument);
        expect(refused.rawMessage).toMatch(/^consistency\.at_least_as_fresh: is not a consistency token/);
      }
      const minimizeFalse = await failure(
        scopes.checkPermission({ ...check, consistency: { requirement: { case: "minimizeLatency", value: false } } }),
      );
      expect(minimizeFalse.rawMessage).toBe("consistency.minimize_latency: must be true when set");
      const perCheck = await failure(
        scopes.batchCheckPermissions({
          checks: [check, { ...check, consistency: { requirement: { case: "fullyConsistent", value: true } } }],
        }),
      );
      expect(perCheck.code).toBe(Code.InvalidArgument);
      expect(perCheck.rawMessage).toMatch(/^checks\[1\]\.consistency: /);
    });
  });

  describe("ListSubjectScopes", () => {
    it("streams every scope where the subject holds the permission, in batches, stopping at DEFINE", async () => {
      const { scopes } = await newTenant();
      await orgTree(scopes);
      const teams = Array.from({ length: 250 }, (_, i) => ({
        id: `scope_t${String(i).padStart(3, "0")}`,
        name: `t${i}`,
        typeId: "type_team",
        parentScopeId: "scope_engineering",
      }));
      await scopes.batchCreateScopes({ scopes: teams });
      await scopes.createMembership({
        scopeId: "scope_engineering",
        subjectId: "subject_jane",
        roleIds: ["role_deployer"],
      });
      await scopes.createMembership({ scopeId: "scope_globex", subjectId: "subject_jane", roleIds: ["role_viewer"] });
      const batches: string[][] = [];
      const tokens: string[] = [];
      for await (const message of scopes.listSubjectScopes({ subjectId: "subject_jane", permission: "logs:read" })) {
        batches.push(message.scopes.map((s) => s.id));
        tokens.push(message.consistencyToken);
      }
      expect(batches.map((b) => b.length)).toEqual([100, 100, 53]);
      // Each batch says where it was read; as a consistency the token is accepted back.
      for (const token of tokens) expect(token).toMatch(/^ct1\./);
      const again = { requirement: { case: "atLeastAsFresh" as const, value: tokens.at(-1) ?? "" } };
      let streamed = 0;
      for await (const message of scopes.listSubjectScopes({
        subjectId: "subject_jane",
        permission: "logs:read",
        consistency: again,
      })) {
        streamed += message.scopes.length;
      }
      expect(streamed).toBe(253);
      const all = batches.flat();
      expect(all).toEqual(["scope_engineering", "scope_globex", "scope_platform", ...teams.map((t) => t.id)].sort());
      const deploy: string[] = [];
      for await (const message of scopes.listSubjectScopes({ subjectId: "subject_jane", permission: "deploy:x" })) {
        deploy.push(...message.scopes.map((s) => s.id));
      }
      expect(deploy).not.toContain("scope_globex");
      expect(deploy).toHaveLength(252);
      const none: string[] = [];
      for await (const message of scopes.listSubjectScopes({ subjectId: "subject_bob", permission: "logs:read" })) {
        none.push(...message.scopes.map((s) => s.id));
      }
      expect(none).toEqual([]);
      const unknown = await failure(
        (async () => {
          for await (const _ of scopes.listSubjectScopes({ subjectId: "subject_ghost", permission: "x" })) {
            // drain
          }
        })(),
      );
      expect(unknown.code).toBe(Code.NotFound);
    });
  });
});
