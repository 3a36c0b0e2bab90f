import * as rules from "../../domain/machine-rules.js";
import { pageSize } from "../../domain/pages.js";
import { createMachineUseCases, type MachineView } from "../../use-cases/machines.js";
import {
  callGrantDeletedToRest,
  callGrantToRest,
  machineDeletedToRest,
  machineOrderFromRest,
  machineToRest,
  secretKeyToRest,
} from "./mapper.js";
import type { RestCall, RestDeps, RestRoute } from "./route.js";

/**
 * machineRoutes serves the reference's Machines endpoints under `/v1/machines`
 * on the machine use cases, the same as MachineService: each validates the
 * path and body (naming the reference's parameters), makes one use case call
 * and maps its result. Every one needs an instance key (`sk_…`); every
 * success is 200, as in the reference.
 */
export function machineRoutes(deps: RestDeps): RestRoute[] {
  const machines = createMachineUseCases(deps);
  /** pathId checks the path's machine id, named as the route template names it. */
  const pathId = (call: RestCall, index = 0, field = "machine_id") => rules.machineId(field, call.params[index] ?? "");
  const ok = (body: unknown) => ({ status: 200, body });

  return [
    {
      method: "GET",
      path: "/v1/machines",
      async handle(call) {
        const { query } = call;
        const order = machineOrderFromRest(query.string("order_by"));
        const search = rules.listQuery(query.string("query") ?? "");
        const limit = pageSize("limit", query.integer("limit"), rules.MACHINE_PAGE);
        const { offset } = rules.listWindow(BigInt(limit), query.integer("offset") ?? 0n, false);
        const list = await machines.list(call, { query: search, order, limit, offset, after: undefined });
        const data: MachineView[] = [];
        for await (const batch of list.batches) data.push(...batch.machines);
        return ok({ data: data.map(machineToRest), total_count: list.totalCount });
      },
    },
    {
      method: "POST",
      path: "/v1/machines",
      bodyFields: ["name", "scoped_machines", "default_token_ttl"],
      async handle(call) {
        const { body } = call;
        const input = {
          name: rules.machineName("name", body.string("name") ?? ""),
          calleeIds: rules.calleeIds("scoped_machines", body.strings("scoped_machines") ?? []),
          defaultTokenTtlSeconds: rules.defaultTokenTtlSeconds("default_token_ttl", body.integer("default_token_ttl")),
        };
        const { machine, secretKey } = await machines.create(call, input);
        return ok({ ...machineToRest(machine), secret_key: secretKey });
      },
    },
    {
      method: "GET",
      path: "/v1/machines/{machine_id}",
      async handle(call) {
        return ok(machineToRest(await machines.get(call, { id: pathId(call) })));
      },
    },
    {
      method: "PATCH",
      path: "/v1/machines/{machine_id}",
      bodyFields: ["name", "default_token_ttl"],
      async handle(call) {
        const id = pathId(call);
        const name = call.body.string("name");
        const ttl = call.body.integer("default_token_ttl");
        const changes = {
          ...(name === undefined ? {} : { name: rules.machineName("name", name) }),
          ...(ttl === undefined ? {} : { defaultTokenTtlSeconds: rules.tokenTtlSeconds("default_token_ttl", ttl) }),
        };
        return ok(machineToRest(await machines.update(call, { id, changes })));
      },
    },
    {
      method: "DELETE",
      path: "/v1/machines/{machine_id}",
      async handle(call) {
        const id = pathId(call);
        await machines.delete(call, { id });
        return ok(machineDeletedToRest(id));
      },
    },
    {
      method: "GET",
      path: "/v1/machines/{machine_id}/secret_key",
      async handle(call) {
        return ok(secretKeyToRest(await machines.getSecretKey(call, { id: pathId(call) })));
      },
    },
    {
      method: "POST",
      path: "/v1/machines/{machine_id}/secret_key/rotate",
      bodyFields: ["previous_token_ttl"],
      async handle(call) {
        const id = pathId(call);
        const ttl = rules.previousKeyTtlSeconds("previous_token_ttl", call.body.integer("previous_token_ttl"));
        const { secretKey } = await machines.rotateSecretKey(call, { id, previousKeyTtlSeconds: ttl });
        return ok(secretKeyToRest(secretKey));
      },
    },
    {
      method: "POST",
      path: "/v1/machines/{machine_id}/scopes",
      bodyFields: ["to_machine_id"],
      async handle(call) {
        const fromMachineId = pathId(call);
        const toMachineId = rules.machineId("to_machine_id", call.body.string("to_machine_id") ?? "");
        return ok(callGrantToRest(await machines.createCallGrant(call, { fromMachineId, toMachineId })));
      },
    },
    {
      method: "DELETE",
      path: "/v1/machines/{machine_id}/scopes/{other_machine_id}",
      async handle(call) {
        const fromMachineId = pathId(call);
        const toMachineId = pathId(call, 1, "other_machine_id");
        await machines.deleteCallGrant(call, { fromMachineId, toMachineId });
        return ok(callGrantDeletedToRest(fromMachineId, toMachineId));
      },
    },
  ];
}
