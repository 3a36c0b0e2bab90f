import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  ListMachinesResponseSchema,
  type MachineService,
} from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { MACHINE_LIMITS } from "../domain/limits.js";
import * as rules from "../domain/machine-rules.js";
import type { PageTokens } from "../domain/pages.js";
import { createConsistency } from "../use-cases/consistency.js";
import { createMachineUseCases, type MachineUseCaseDeps, type MachineView } from "../use-cases/machines.js";
import { callerOf } from "./call-context.js";
import { consistencyRequest } from "./consistency-mapper.js";
import { machineToProto, orderFromProto } from "./machine-mapper.js";
import { machinesAsWireFields } from "./machine-wire.js";

/**
 * JSON_CONTENT_TYPE matches the content types of streams that carry JSON
 * (`application/connect+json`, `application/grpc+json`,
 * `application/grpc-web+json`); every other stream connect serves is protobuf
 * binary, where ListMachines writes its machines pre-encoded.
 */
const JSON_CONTENT_TYPE = /json/i;

/**
 * createMachineService implements MachineService on the machine use cases.
 * Each handler validates the request (naming the bad field), makes one use
 * case call, and maps the result; ListMachines also seals and opens its
 * stream cursors, which are this API's encoding of a position. Every write
 * answers the consistency token of its commit (`written`); it is taken here,
 * not in the use case, so the REST facade, which has no field for it, does
 * not pay the query.
 */
export function createMachineService(
  deps: MachineUseCaseDeps,
  pageTokens: PageTokens,
): ServiceImpl<typeof MachineService> {
  const machines = createMachineUseCases(deps);
  const { written } = createConsistency(deps);

  return {
    async createMachine(req, context) {
      const input = {
        name: rules.machineName("name", req.name),
        calleeIds: rules.calleeIds("scoped_machine_ids", req.scopedMachineIds),
        defaultTokenTtlSeconds: rules.defaultTokenTtlSeconds("default_token_ttl_seconds", req.defaultTokenTtlSeconds),
      };
      const caller = callerOf(context);
      const { value, consistencyToken } = await written(caller, await machines.create(caller, input));
      return { machine: machineToProto(value.machine), secretKey: value.secretKey, consistencyToken };
    },

    async getMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const consistency = consistencyRequest("consistency", req.consistency);
      const { consistencyToken, ...machine } = await machines.get(callerOf(context), { id, consistency });
      return { machine: machineToProto(machine), consistencyToken };
    },

    async *listMachines(req, context) {
      const order = orderFromProto(req.orderBy);
      const query = rules.listQuery(req.query);
      const cursors = rules.machineCursors(pageTokens, order, query);
      const after = cursors.decode(req.after);
      const { limit, offset } = rules.listWindow(req.limit, req.offset, after !== undefined);
      const consistency = consistencyRequest("consistency", req.consistency);
      const list = await machines.list(callerOf(context), { query, order, limit, offset, after, consistency });
      const totalCount = BigInt(list.totalCount);
      const binary = !JSON_CONTENT_TYPE.test(context.requestHeader.get("content-type") ?? "");
      let sent = false;
      let consistencyToken = "";
      for await (const { machines: batch, consistencyToken: readAt } of list.batches) {
        consistencyToken = readAt;
        for (let start = 0; start < batch.length; start += MACHINE_LIMITS.listMessageSize) {
          const chunk = batch.slice(start, start + MACHINE_LIMITS.listMessageSize);
          const last = chunk[chunk.length - 1] as MachineView;
          const cursor = cursors.encode([rules.orderValue(last, order), last.id]);
          sent = true;
          if (binary) {
            const message = create(ListMachinesResponseSchema, { totalCount, cursor, consistencyToken });
            message.$unknown = machinesAsWireFields(chunk);
            yield message;
          } else {
            yield { machines: chunk.map(machineToProto), totalCount, cursor, consistencyToken };
          }
        }
      }
      if (!sent) yield { machines: [], totalCount, cursor: req.after, consistencyToken };
    },

    async updateMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const changes = {
        ...(req.name === undefined ? {} : { name: rules.machineName("name", req.name) }),
        ...(req.defaultTokenTtlSeconds === undefined
          ? {}
          : { defaultTokenTtlSeconds: rules.tokenTtlSeconds("default_token_ttl_seconds", req.defaultTokenTtlSeconds) }),
      };
      const caller = callerOf(context);
      const { value, consistencyToken } = await written(caller, await machines.update(caller, { id, changes }));
      return { machine: machineToProto(value), consistencyToken };
    },

    async deleteMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const caller = callerOf(context);
      const { consistencyToken } = await written(caller, await machines.delete(caller, { id }));
      return { id, consistencyToken };
    },

    async getMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      return { secretKey: await machines.getSecretKey(callerOf(context), { id }) };
    },

    async rotateMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      const previousKeyTtlSeconds = rules.previousKeyTtlSeconds("previous_key_ttl_seconds", req.previousKeyTtlSeconds);
      const caller = callerOf(context);
      const { value: rotated, consistencyToken } = await written(
        caller,
        await machines.rotateSecretKey(caller, { id, previousKeyTtlSeconds }),
      );
      return {
        secretKey: rotated.secretKey,
        previousKeyExpireTime: timestampFromDate(rotated.previousKeyExpireTime),
        consistencyToken,
      };
    },

    async createMachineScope(req, context) {
      const fromMachineId = rules.machineId("machine_id", req.machineId);
      const toMachineId = rules.machineId("to_machine_id", req.toMachineId);
      const caller = callerOf(context);
      const { value: grant, consistencyToken } = await written(
        caller,
        await machines.createCallGrant(caller, { fromMachineId, toMachineId }),
      );
      return { scope: { ...grant, createTime: timestampFromDate(grant.createTime) }, consistencyToken };
    },

    async deleteMachineScope(req, context) {
      const fromMachineId = rules.machineId("machine_id", req.machineId);
      const toMachineId = rules.machineId("other_machine_id", req.otherMachineId);
      const caller = callerOf(context);
      const { consistencyToken } = await written(
        caller,
        await machines.deleteCallGrant(caller, { fromMachineId, toMachineId }),
      );
      return { consistencyToken };
    },
  };
}
