import { InvalidArgumentError } from "../../domain/errors.js";
import { SCOPE_LIMITS } from "../../domain/limits.js";
import * as rules from "../../domain/scope-rules.js";
import type { NewScope, ScopeUseCases } from "../../use-cases/scopes.js";
import {
  LIST_QUERY,
  pageFromQuery,
  permissionModeFromBedrock,
  scopeToBedrock,
  scopeTypeToBedrock,
  stringMap,
} from "./bedrock-mapper.js";
import type { Params } from "./request.js";
import type { RestCall, RestReply, RestRoute } from "./route.js";

/** The body of `POST /scopes` and of each entry of `POST /scopes/batch`. */
const SCOPE_FIELDS = ["id", "name", "typeId", "externalId", "parentScopeId", "meta", "memberships"] as const;

/** ok is a 200 reply; created a 201 for a create. */
export const ok = (body: unknown): RestReply => ({ status: 200, body });
export const created = (body: unknown): RestReply => ({ status: 201, body });
/** SUCCESS is the reference's answer to a delete. */
export const SUCCESS = { success: true } as const;

/** pathId checks the `index`th path segment as an id of `kind`, named `id` in errors. */
export function pathId(call: RestCall, kind: keyof typeof rules.SCOPE_ID_PREFIX, index = 0): string {
  return rules.resourceId(kind, "id", call.params[index] ?? "");
}

/** roleIdList checks a membership's `roleIds`: at most 50 distinct role ids. */
export function roleIdList(params: Params): string[] {
  return rules.distinctIds(
    params.name("roleIds"),
    params.strings("roleIds") ?? [],
    SCOPE_LIMITS.rolesPerMembershipMax,
    (f, id) => rules.resourceId("role", f, id),
  );
}

/** newScope reads one scope to create, with its inline memberships. */
function newScope(body: Params): NewScope {
  const memberships = body.objects("memberships", ["subjectId", "roleIds"]) ?? [];
  if (memberships.length > SCOPE_LIMITS.inlineMembershipsMax) {
    throw new InvalidArgumentError(
      body.name("memberships"),
      `must have at most ${SCOPE_LIMITS.inlineMembershipsMax} entries`,
    );
  }
  const seen = new Set<string>();
  return {
    id: rules.newOrGivenId("scope", body.name("id"), body.string("id") ?? ""),
    name: rules.text(body.name("name"), body.string("name") ?? "", true),
    typeId: rules.resourceId("scopeType", body.name("typeId"), body.string("typeId") ?? ""),
    externalId: rules.externalId(body.name("externalId"), body.string("externalId")),
    parentScopeId: rules.optionalResourceId("scope", body.name("parentScopeId"), body.string("parentScopeId") ?? ""),
    meta: rules.meta(body.name("meta"), stringMap(body, "meta")),
    memberships: memberships.map((membership) => {
      const subjectId = rules.subjectId(membership.name("subjectId"), membership.string("subjectId") ?? "");
      if (seen.has(subjectId)) throw new InvalidArgumentError(membership.name("subjectId"), `repeats ${subjectId}`);
      seen.add(subjectId);
      return { subjectId, roleIds: roleIdList(membership) };
    }),
  };
}

/** The body of `POST /scope-types` and of each entry of `POST /scope-types/batch`. */
const SCOPE_TYPE_FIELDS = ["id", "name", "config", "allowedParentTypeIds"] as const;

/** newScopeType reads one scope type to create. */
function newScopeType(body: Params) {
  return {
    id: rules.newOrGivenId("scopeType", body.name("id"), body.string("id") ?? ""),
    name: rules.text(body.name("name"), body.string("name") ?? "", true),
    permissionMode: permissionModeFromBedrock(body.nested("config", ["permissionMode"])),
    allowedParentTypeIds: rules.allowedParentTypeIds(
      body.name("allowedParentTypeIds"),
      body.strings("allowedParentTypeIds") ?? [],
    ),
  };
}

/**
 * distinctBatch reads the entries of a `/batch` body with `read`: 1–1,000 of
 * them, whose ids do not repeat (a later entry may refer to an earlier one).
 */
export function distinctBatch<T extends { id: string }>(items: Params[], read: (item: Params) => T): T[] {
  if (items.length === 0) throw new InvalidArgumentError("[]", "must have at least one entry");
  if (items.length > SCOPE_LIMITS.batchScopesMax) {
    throw new InvalidArgumentError("[]", `must have at most ${SCOPE_LIMITS.batchScopesMax} entries`);
  }
  const ids = new Set<string>();
  return items.map((item) => {
    const input = read(item);
    if (ids.has(input.id)) throw new InvalidArgumentError(item.name("id"), `repeats ${input.id}`);
    ids.add(input.id);
    return input;
  });
}

/** commaIds reads `GET /scopes?ids=a,b`: 1–1000 scope ids. */
function commaIds(raw: string): string[] {
  const ids = raw.split(",");
  if (ids.length > SCOPE_LIMITS.listIdsMax) {
    throw new InvalidArgumentError("ids", `must have at most ${SCOPE_LIMITS.listIdsMax} entries`);
  }
  return ids.map((id, index) => rules.resourceId("scope", `ids[${index}]`, id));
}

/**
 * scopeRoutes serves the Bedrock API's scope and scope-type endpoints on the
 * scope use cases, the same as ScopeService. Every one needs an instance key
 * (`sk_…`); creates answer 201, everything else 200.
 */
export function scopeRoutes(scopes: ScopeUseCases): RestRoute[] {
  return [
    {
      method: "POST",
      path: "/scopes",
      bodyFields: SCOPE_FIELDS,
      async handle(call) {
        const [scope] = (await scopes.createScopes(call, { scopes: [newScope(call.body)] })).value;
        return created(scope === undefined ? undefined : scopeToBedrock(scope));
      },
    },
    {
      method: "POST",
      path: "/scopes/batch",
      bodyItemFields: SCOPE_FIELDS,
      async handle(call) {
        const inputs = distinctBatch(call.items, newScope);
        return created((await scopes.createScopes(call, { scopes: inputs })).value.map(scopeToBedrock));
      },
    },
    {
      method: "GET",
      path: "/scopes",
      queryFields: ["ids", "typeId", "externalId", "parentScopeId", "rootsOnly", ...LIST_QUERY],
      async handle(call) {
        const { query } = call;
        const ids = query.string("ids");
        if (ids !== undefined) {
          const other = ["typeId", "externalId", "parentScopeId", "rootsOnly", ...LIST_QUERY].find((name) =>
            query.has(name),
          );
          if (other !== undefined) throw new InvalidArgumentError(other, "cannot be combined with ids");
          return ok((await scopes.getScopes(call, { ids: commaIds(ids) })).map(scopeToBedrock));
        }
        const filter = {
          typeId: rules.optionalResourceId("scopeType", "typeId", query.string("typeId") ?? ""),
          externalId: rules.externalId("externalId", query.string("externalId")),
          parentScopeId: rules.optionalResourceId("scope", "parentScopeId", query.string("parentScopeId") ?? ""),
          rootsOnly: query.boolean("rootsOnly") ?? false,
        };
        if (filter.rootsOnly && filter.parentScopeId !== undefined) {
          throw new InvalidArgumentError("rootsOnly", "cannot be combined with parentScopeId");
        }
        const page = pageFromQuery(query, (field, raw) => rules.resourceId("scope", field, raw));
        return ok((await scopes.listScopes(call, { filter, ...page })).items.map(scopeToBedrock));
      },
    },
    {
      method: "GET",
      path: "/scopes/{id}",
      queryFields: [],
      async handle(call) {
        return ok(scopeToBedrock(await scopes.getScope(call, { id: pathId(call, "scope") })));
      },
    },
    {
      method: "PATCH",
      path: "/scopes/{id}",
      queryFields: [],
      bodyFields: ["name", "externalId", "meta"],
      async handle(call) {
        const id = pathId(call, "scope");
        const { body } = call;
        const name = body.string("name");
        const externalId = body.string("externalId");
        const changes = {
          ...(name === undefined ? {} : { name: rules.text("name", name, true) }),
          ...(body.has("externalId")
            ? { externalId: externalId === undefined ? null : (rules.externalId("externalId", externalId) ?? null) }
            : {}),
          ...(body.has("meta") ? { meta: rules.meta("meta", stringMap(body, "meta")) } : {}),
        };
        return ok(scopeToBedrock((await scopes.updateScope(call, { id, changes })).value));
      },
    },
    {
      method: "DELETE",
      path: "/scopes/{id}",
      queryFields: ["cascade"],
      async handle(call) {
        const id = pathId(call, "scope");
        await scopes.deleteScope(call, { id, cascade: call.query.boolean("cascade") ?? false });
        return ok(SUCCESS);
      },
    },
    {
      method: "GET",
      path: "/scopes/{id}/children",
      queryFields: LIST_QUERY,
      async handle(call) {
        const id = pathId(call, "scope");
        const page = pageFromQuery(call.query, (field, raw) => rules.resourceId("scope", field, raw));
        return ok((await scopes.listChildren(call, { id, ...page })).items.map(scopeToBedrock));
      },
    },
    {
      method: "GET",
      path: "/scopes/{id}/parents",
      queryFields: [],
      async handle(call) {
        const [parent] = await scopes.listAncestors(call, { id: pathId(call, "scope") });
        return ok(parent === undefined ? [] : [scopeToBedrock(parent)]);
      },
    },
    {
      method: "GET",
      path: "/scopes/{id}/ancestors",
      queryFields: [],
      async handle(call) {
        return ok((await scopes.listAncestors(call, { id: pathId(call, "scope") })).map(scopeToBedrock));
      },
    },
    {
      method: "POST",
      path: "/scope-types",
      bodyFields: SCOPE_TYPE_FIELDS,
      async handle(call) {
        return created(scopeTypeToBedrock((await scopes.createScopeType(call, newScopeType(call.body))).value));
      },
    },
    {
      method: "POST",
      path: "/scope-types/batch",
      bodyItemFields: SCOPE_TYPE_FIELDS,
      async handle(call) {
        const scopeTypes = distinctBatch(call.items, newScopeType);
        return created((await scopes.createScopeTypes(call, { scopeTypes })).value.map(scopeTypeToBedrock));
      },
    },
    {
      method: "GET",
      path: "/scope-types",
      queryFields: LIST_QUERY,
      async handle(call) {
        const page = pageFromQuery(call.query, (field, raw) => rules.resourceId("scopeType", field, raw));
        return ok((await scopes.listScopeTypes(call, page)).items.map(scopeTypeToBedrock));
      },
    },
    {
      method: "GET",
      path: "/scope-types/{id}",
      queryFields: [],
      async handle(call) {
        return ok(scopeTypeToBedrock(await scopes.getScopeType(call, { id: pathId(call, "scopeType") })));
      },
    },
    {
      method: "PATCH",
      path: "/scope-types/{id}",
      queryFields: [],
      bodyFields: ["name", "allowedParentTypeIds"],
      async handle(call) {
        const id = pathId(call, "scopeType");
        const name = call.body.string("name");
        const parents = call.body.strings("allowedParentTypeIds");
        const changes = {
          ...(name === undefined ? {} : { name: rules.text("name", name, true) }),
          ...(parents === undefined
            ? {}
            : { allowedParentTypeIds: rules.allowedParentTypeIds("allowedParentTypeIds", parents) }),
        };
        return ok(scopeTypeToBedrock((await scopes.updateScopeType(call, { id, changes })).value));
      },
    },
    {
      method: "POST",
      path: "/scope-type-hierarchy",
      queryFields: [],
      bodyFields: ["parentTypeId", "childTypeId"],
      async handle(call) {
        const parentTypeId = rules.resourceId("scopeType", "parentTypeId", call.body.string("parentTypeId") ?? "");
        const typeId = rules.resourceId("scopeType", "childTypeId", call.body.string("childTypeId") ?? "");
        await scopes.allowParentType(call, { typeId, parentTypeId });
        return created({ parentTypeId, childTypeId: typeId });
      },
    },
    {
      method: "DELETE",
      path: "/scope-types/{id}",
      queryFields: [],
      async handle(call) {
        await scopes.deleteScopeType(call, { id: pathId(call, "scopeType") });
        return ok(SUCCESS);
      },
    },
  ];
}
