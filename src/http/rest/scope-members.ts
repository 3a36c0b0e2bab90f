import { InvalidArgumentError } from "../../domain/errors.js";
import { SCOPE_LIMITS } from "../../domain/limits.js";
import * as rules from "../../domain/scope-rules.js";
import type { NewRole, ScopeUseCases } from "../../use-cases/scopes.js";
import {
  evaluationToBedrock,
  LIST_QUERY,
  membershipToBedrock,
  pageFromQuery,
  roleToBedrock,
  subjectToBedrock,
  subjectTypeFromBedrock,
} from "./bedrock-mapper.js";
import type { Params } from "./request.js";
import type { RestRoute } from "./route.js";
import { created, distinctBatch, ok, pathId, roleIdList, SUCCESS } from "./scopes.js";

/**
 * Fields of the reference's evaluation input that latchkey does not model
 * (resource policies and hierarchies, delegation, conditions, tags): sent,
 * they are refused by name rather than ignored, since ignoring them could
 * allow what the caller meant to narrow.
 */
const EVALUATE_UNSUPPORTED = ["onBehalfOf", "resource", "context", "includeResourceTags"] as const;

/** The body of `POST /roles` and of each entry of `POST /roles/batch`. */
const ROLE_FIELDS = ["id", "name", "permissions", "scopeId"] as const;

/** newRole reads one role to create. */
function newRole(body: Params): NewRole {
  return {
    id: rules.newOrGivenId("role", body.name("id"), body.string("id") ?? ""),
    name: rules.text(body.name("name"), body.string("name") ?? "", true),
    permissions: rules.permissionPatterns(body.name("permissions"), body.strings("permissions") ?? []),
    scopeId: rules.optionalResourceId("scope", body.name("scopeId"), body.string("scopeId") ?? ""),
  };
}

/**
 * memberRoutes serves the Bedrock API's subjects, roles, memberships and the
 * permission evaluation on the scope use cases, the same as ScopeService.
 * Management needs an instance key; `POST /evaluate` also takes a machine key
 * (a check inside the machine's own instance), like CheckPermission.
 */
export function memberRoutes(scopes: ScopeUseCases): RestRoute[] {
  return [
    {
      method: "POST",
      path: "/subjects",
      bodyFields: ["id", "subjectType", "externalId", "displayName", "memberships"],
      async handle(call) {
        const { body } = call;
        const memberships = body.objects("memberships", ["scopeId", "roleIds"]) ?? [];
        if (memberships.length > SCOPE_LIMITS.inlineMembershipsMax) {
          throw new InvalidArgumentError(
            "memberships",
            `must have at most ${SCOPE_LIMITS.inlineMembershipsMax} entries`,
          );
        }
        const seen = new Set<string>();
        const input = {
          id: rules.newOrGivenId("subject", "id", body.string("id") ?? ""),
          kind: subjectTypeFromBedrock("subjectType", body.string("subjectType") ?? "user") ?? "user",
          externalId: rules.externalId("externalId", body.string("externalId")),
          displayName: rules.text("displayName", body.string("displayName") ?? "", false),
          memberships: memberships.map((membership) => {
            const scopeId = rules.resourceId("scope", membership.name("scopeId"), membership.string("scopeId") ?? "");
            if (seen.has(scopeId)) throw new InvalidArgumentError(membership.name("scopeId"), `repeats ${scopeId}`);
            seen.add(scopeId);
            return { scopeId, roleIds: roleIdList(membership) };
          }),
        };
        return created(subjectToBedrock((await scopes.createSubject(call, input)).value));
      },
    },
    {
      method: "GET",
      path: "/subjects",
      queryFields: ["subjectType", "externalId", ...LIST_QUERY],
      async handle(call) {
        const { query } = call;
        const filter = {
          kind: subjectTypeFromBedrock("subjectType", query.string("subjectType")),
          externalId: rules.externalId("externalId", query.string("externalId")),
        };
        const page = pageFromQuery(query, (field, raw) => rules.resourceId("subject", field, raw));
        return ok((await scopes.listSubjects(call, { filter, ...page })).items.map(subjectToBedrock));
      },
    },
    {
      method: "GET",
      path: "/subjects/{id}",
      queryFields: [],
      async handle(call) {
        return ok(subjectToBedrock(await scopes.getSubject(call, { id: pathId(call, "subject") })));
      },
    },
    {
      method: "DELETE",
      path: "/subjects/{id}",
      queryFields: [],
      async handle(call) {
        await scopes.deleteSubject(call, { id: pathId(call, "subject") });
        return ok(SUCCESS);
      },
    },
    {
      method: "POST",
      path: "/roles",
      bodyFields: ROLE_FIELDS,
      async handle(call) {
        return created(roleToBedrock((await scopes.createRole(call, newRole(call.body))).value));
      },
    },
    {
      method: "POST",
      path: "/roles/batch",
      bodyItemFields: ROLE_FIELDS,
      async handle(call) {
        const roles = distinctBatch(call.items, newRole);
        return created((await scopes.createRoles(call, { roles })).value.map(roleToBedrock));
      },
    },
    {
      method: "GET",
      path: "/roles",
      queryFields: ["scopeId", ...LIST_QUERY],
      async handle(call) {
        const scopeId = rules.optionalResourceId("scope", "scopeId", call.query.string("scopeId") ?? "");
        const page = pageFromQuery(call.query, (field, raw) => rules.resourceId("role", field, raw));
        return ok((await scopes.listRoles(call, { scopeId, ...page })).items.map(roleToBedrock));
      },
    },
    {
      method: "GET",
      path: "/roles/{id}",
      queryFields: [],
      async handle(call) {
        return ok(roleToBedrock(await scopes.getRole(call, { id: pathId(call, "role") })));
      },
    },
    {
      method: "PATCH",
      path: "/roles/{id}",
      queryFields: [],
      bodyFields: ["name", "permissions"],
      async handle(call) {
        const id = pathId(call, "role");
        const name = call.body.string("name");
        const permissions = call.body.strings("permissions");
        const changes = {
          ...(name === undefined ? {} : { name: rules.text("name", name, true) }),
          ...(permissions === undefined ? {} : { permissions: rules.permissionPatterns("permissions", permissions) }),
        };
        return ok(roleToBedrock((await scopes.updateRole(call, { id, changes })).value));
      },
    },
    {
      method: "DELETE",
      path: "/roles/{id}",
      queryFields: [],
      async handle(call) {
        await scopes.deleteRole(call, { id: pathId(call, "role") });
        return ok(SUCCESS);
      },
    },
    {
      method: "POST",
      path: "/memberships",
      bodyFields: ["scopeId", "subjectId", "roleIds"],
      async handle(call) {
        const { body } = call;
        const input = {
          scopeId: rules.resourceId("scope", "scopeId", body.string("scopeId") ?? ""),
          subjectId: rules.subjectId("subjectId", body.string("subjectId") ?? ""),
          roleIds: roleIdList(body),
        };
        return created(membershipToBedrock((await scopes.createMembership(call, input)).value));
      },
    },
    {
      method: "GET",
      path: "/memberships",
      queryFields: ["scopeId", "subjectId", ...LIST_QUERY],
      async handle(call) {
        const { query } = call;
        const scopeId = query.string("scopeId");
        const subjectId = query.string("subjectId");
        if ((scopeId === undefined) === (subjectId === undefined)) {
          throw new InvalidArgumentError("scopeId", "set exactly one of scopeId and subjectId");
        }
        const by =
          scopeId === undefined
            ? { subjectId: rules.subjectId("subjectId", subjectId ?? "") }
            : { scopeId: rules.resourceId("scope", "scopeId", scopeId) };
        const page = pageFromQuery(query, (field, raw) =>
          "scopeId" in by ? rules.subjectId(field, raw) : rules.resourceId("scope", field, raw),
        );
        return ok((await scopes.listMemberships(call, { by, ...page })).items.map(membershipToBedrock));
      },
    },
    {
      method: "PATCH",
      path: "/memberships/{scope_id}/{subject_id}",
      queryFields: [],
      bodyFields: ["roleIds"],
      async handle(call) {
        const input = {
          scopeId: rules.resourceId("scope", "scopeId", call.params[0] ?? ""),
          subjectId: rules.subjectId("subjectId", call.params[1] ?? ""),
          roleIds: roleIdList(call.body),
        };
        return ok(membershipToBedrock((await scopes.updateMembership(call, input)).value));
      },
    },
    {
      method: "DELETE",
      path: "/memberships/{scope_id}/{subject_id}",
      queryFields: [],
      async handle(call) {
        const input = {
          scopeId: rules.resourceId("scope", "scopeId", call.params[0] ?? ""),
          subjectId: rules.subjectId("subjectId", call.params[1] ?? ""),
        };
        await scopes.deleteMembership(call, input);
        return ok(SUCCESS);
      },
    },
    {
      method: "POST",
      path: "/evaluate",
      queryFields: [],
      bodyFields: ["actor", "scopeId", "action", ...EVALUATE_UNSUPPORTED],
      async handle(call) {
        const { body } = call;
        const unsupported = EVALUATE_UNSUPPORTED.find((name) => body.has(name));
        if (unsupported !== undefined) {
          throw new InvalidArgumentError(unsupported, "is not supported by latchkey (see docs/bedrock-compat.md)");
        }
        const actor = body.nested("actor", ["subjectId", "subjectType"]);
        if (actor === undefined) throw new InvalidArgumentError("actor", "is required");
        subjectTypeFromBedrock(actor.name("subjectType"), actor.string("subjectType"));
        const input = {
          subjectId: rules.subjectId(actor.name("subjectId"), actor.string("subjectId") ?? ""),
          scopeId: rules.resourceId("scope", "scopeId", body.string("scopeId") ?? ""),
          permission: rules.permission("action", body.string("action") ?? ""),
        };
        return ok(evaluationToBedrock(input, await scopes.check(call, input)));
      },
    },
  ];
}
