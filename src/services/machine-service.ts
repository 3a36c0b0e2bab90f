import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { MachineService } from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import * as rules from "../domain/machine-rules.js";
import type { PageTokens } from "../domain/pages.js";
import { createMachineUseCases, type MachineUseCaseDeps } from "../use-cases/machines.js";
import { callerOf } from "./call-context.js";
import { machineToProto, orderFromProto } from "./machine-mapper.js";

/**
 * createMachineService implements MachineService on the machine use cases.
 * Each handler validates the request (naming the bad field), makes one use
 * case call, and maps the result; ListMachines also seals and opens its
 * stream cursors, which are this API's encoding of a position.
 */
export function createMachineService(
  deps: MachineUseCaseDeps,
  pageTokens: PageTokens,
): ServiceImpl<typeof MachineService> {
  const machines = createMachineUseCases(deps);

  return {
    async createMachine(req, context) {
      const input = {
        name: rules.machineName("name", req.name),
        calleeIds: rules.calleeIds("scoped_machine_ids", req.scopedMachineIds),
        defaultTokenTtlSeconds: rules.defaultTokenTtlSeconds("default_token_ttl_seconds", req.defaultTokenTtlSeconds),
      };
      const { machine, secretKey } = await machines.create(callerOf(context), input);
      return { machine: machineToProto(machine), secretKey };
    },

    async getMachine(req, context) {
      const id = rules.machineId("id", req.id);
      return { machine: machineToProto(await machines.get(callerOf(context), { id })) };
    },

    async *listMachines(req, context) {
      const order = orderFromProto(req.orderBy);
      const query = rules.listQuery(req.query);
      const cursors = rules.machineCursors(pageTokens, order, query);
      const after = cursors.decode(req.after);
      const { limit, offset } = rules.listWindow(req.limit, req.offset, after !== undefined);
      const list = await machines.list(callerOf(context), { query, order, limit, offset, after });
      const totalCount = BigInt(list.totalCount);
      let sent = false;
      for await (const batch of list.batches) {
        const last = batch[batch.length - 1];
        if (last === undefined) continue;
        const value = order.column === "name" ? last.name : last.createTime.toISOString();
        sent = true;
        yield {
          machines: batch.map(machineToProto),
          totalCount,
          cursor: cursors.encode([value, last.id]),
        };
      }
      if (!sent) yield { machines: [], totalCount, cursor: req.after };
    },

    async updateMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const changes = {
        ...(req.name === undefined ? {} : { name: rules.machineName("name", req.name) }),
        ...(req.defaultTokenTtlSeconds === undefined
          ? {}
          : { defaultTokenTtlSeconds: rules.tokenTtlSeconds("default_token_ttl_seconds", req.defaultTokenTtlSeconds) }),
      };
      return { machine: machineToProto(await machines.update(callerOf(context), { id, changes })) };
    },

    async deleteMachine(req, context) {
      const id = rules.machineId("id", req.id);
      await machines.delete(callerOf(context), { id });
      return { id };
    },

    async getMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      return { secretKey: await machines.getSecretKey(callerOf(context), { id }) };
    },

    async rotateMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      const previousKeyTtlSeconds = rules.previousKeyTtlSeconds("previous_key_ttl_seconds", req.previousKeyTtlSeconds);
      const rotated = await machines.rotateSecretKey(callerOf(context), { id, previousKeyTtlSeconds });
      return { secretKey: rotated.secretKey, previousKeyExpireTime: timestampFromDate(rotated.previousKeyExpireTime) };
    },

    async createMachineScope(req, context) {
      const fromMachineId = rules.machineId("machine_id", req.machineId);
      const toMachineId = rules.machineId("to_machine_id", req.toMachineId);
      const grant = await machines.createCallGrant(callerOf(context), { fromMachineId, toMachineId });
      return { scope: { ...grant, createTime: timestampFromDate(grant.createTime) } };
    },

    async deleteMachineScope(req, context) {
      const fromMachineId = rules.machineId("machine_id", req.machineId);
      const toMachineId = rules.machineId("other_machine_id", req.otherMachineId);
      await machines.deleteCallGrant(callerOf(context), { fromMachineId, toMachineId });
      return {};
    },
  };
}
