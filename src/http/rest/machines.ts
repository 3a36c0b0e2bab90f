import { MachineRepository, type MachineView } from "../../db/machine-repository.js";
import { requireInstanceKey } from "../../domain/access.js";
import * as rules from "../../domain/machine-rules.js";
import {
  machineDeletedToRest,
  machineOrderFromRest,
  machineToRest,
  scopeDeletedToRest,
  scopeToRest,
  secretKeyToRest,
} from "./mapper.js";
import type { RestCall, RestDeps, RestRoute } from "./route.js";

/**
 * machineRoutes serves the reference's Machines endpoints under `/v1/machines`
 * on MachineRepository, the same as MachineService. Every one needs an
 * instance key (`sk_…`); every success is 200, as in the reference.
 */
export function machineRoutes({ secrets, credentials }: RestDeps): RestRoute[] {
  /** machines checks the caller's key, then the path's machine id (permission before existence). */
  const machines = (call: RestCall, field = "machine_id") => {
    const instanceId = requireInstanceKey(call.principal);
    const id = call.params[0] === undefined ? "" : rules.machineId(field, call.params[0]);
    return { instanceId, id, repo: new MachineRepository(call.db, secrets, credentials) };
  };
  const ok = (body: unknown) => ({ status: 200, body });

  return [
    {
      method: "GET",
      path: "/v1/machines",
      async handle(call) {
        const { instanceId, repo } = machines(call);
        const { query } = call;
        const order = machineOrderFromRest(query.string("order_by"));
        const search = rules.listQuery(query.string("query") ?? "");
        const limit = rules.pageLimit("limit", query.integer("limit"));
        const { offset } = rules.listWindow(BigInt(limit), query.integer("offset") ?? 0n, false);
        const totalCount = await repo.count(instanceId, search);
        const data: MachineView[] = [];
        const spec = { query: search, order, limit, offset, after: undefined };
        for await (const batch of repo.stream(instanceId, spec, call.signal)) data.push(...batch);
        return ok({ data: data.map(machineToRest), total_count: totalCount });
      },
    },
    {
      method: "POST",
      path: "/v1/machines",
      bodyFields: ["name", "scoped_machines", "default_token_ttl"],
      async handle(call) {
        const { instanceId, repo } = machines(call);
        const { body } = call;
        const input = {
          name: rules.machineName("name", body.string("name") ?? ""),
          scopedMachineIds: rules.scopedMachineIds("scoped_machines", body.strings("scoped_machines") ?? []),
          defaultTokenTtlSeconds: rules.defaultTokenTtlSeconds("default_token_ttl", body.integer("default_token_ttl")),
        };
        const { machine, secretKey } = await repo.create(instanceId, input);
        return ok({ ...machineToRest(machine), secret_key: secretKey });
      },
    },
    {
      method: "GET",
      path: "/v1/machines/{machine_id}",
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        return ok(machineToRest(await repo.get(instanceId, id)));
      },
    },
    {
      method: "PATCH",
      path: "/v1/machines/{machine_id}",
      bodyFields: ["name", "default_token_ttl"],
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        const name = call.body.string("name");
        const ttl = call.body.integer("default_token_ttl");
        const changes = {
          ...(name === undefined ? {} : { name: rules.machineName("name", name) }),
          ...(ttl === undefined ? {} : { defaultTokenTtlSeconds: rules.tokenTtlSeconds("default_token_ttl", ttl) }),
        };
        return ok(machineToRest(await repo.update(instanceId, id, changes)));
      },
    },
    {
      method: "DELETE",
      path: "/v1/machines/{machine_id}",
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        await repo.delete(instanceId, id);
        return ok(machineDeletedToRest(id));
      },
    },
    {
      method: "GET",
      path: "/v1/machines/{machine_id}/secret_key",
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        return ok(secretKeyToRest(await repo.getSecretKey(instanceId, id)));
      },
    },
    {
      method: "POST",
      path: "/v1/machines/{machine_id}/secret_key/rotate",
      bodyFields: ["previous_token_ttl"],
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        const ttl = rules.previousKeyTtlSeconds("previous_token_ttl", call.body.integer("previous_token_ttl"));
        const { secretKey } = await repo.rotateSecretKey(instanceId, id, ttl);
        return ok(secretKeyToRest(secretKey));
      },
    },
    {
      method: "POST",
      path: "/v1/machines/{machine_id}/scopes",
      bodyFields: ["to_machine_id"],
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        const toId = rules.machineId("to_machine_id", call.body.string("to_machine_id") ?? "");
        const { createTime } = await repo.createScope(instanceId, id, toId);
        return ok(scopeToRest(id, toId, createTime));
      },
    },
    {
      method: "DELETE",
      path: "/v1/machines/{machine_id}/scopes/{other_machine_id}",
      async handle(call) {
        const { instanceId, id, repo } = machines(call);
        const otherId = rules.machineId("other_machine_id", call.params[1] ?? "");
        await repo.deleteScope(instanceId, id, otherId);
        return ok(scopeDeletedToRest(id, otherId));
      },
    },
  ];
}
