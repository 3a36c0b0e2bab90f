import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { MachineService } from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import type { CredentialCache } from "../db/credential-cache.js";
import { MachineRepository } from "../db/machine-repository.js";
import * as rules from "../domain/machine-rules.js";
import type { PageTokens } from "../domain/page-tokens.js";
import type { SecretBox } from "../domain/secrets.js";
import { instanceScope } from "./call-scope.js";
import { machineToProto, orderFromProto } from "./machine-mapper.js";

/**
 * createMachineService implements MachineService. Each handler validates the
 * request (naming the bad field), makes one repository call inside the
 * caller's instance, and maps the result.
 */
export function createMachineService(
  secrets: SecretBox,
  credentials: CredentialCache,
  pageTokens: PageTokens,
): ServiceImpl<typeof MachineService> {
  const machines = (context: Parameters<typeof instanceScope>[0]) => {
    const { instanceId, db } = instanceScope(context);
    return { instanceId, repo: new MachineRepository(db, secrets, credentials) };
  };

  return {
    async createMachine(req, context) {
      const input = {
        name: rules.machineName("name", req.name),
        scopedMachineIds: rules.scopedMachineIds("scoped_machine_ids", req.scopedMachineIds),
        defaultTokenTtlSeconds: rules.defaultTokenTtlSeconds("default_token_ttl_seconds", req.defaultTokenTtlSeconds),
      };
      const { instanceId, repo } = machines(context);
      const { machine, secretKey } = await repo.create(instanceId, input);
      return { machine: machineToProto(machine), secretKey };
    },

    async getMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const { instanceId, repo } = machines(context);
      return { machine: machineToProto(await repo.get(instanceId, id)) };
    },

    async *listMachines(req, context) {
      const order = orderFromProto(req.orderBy);
      const query = rules.listQuery(req.query);
      const after = req.after === "" ? undefined : rules.decodeCursor(pageTokens, req.after, order, query);
      const { limit, offset } = rules.listWindow(req.limit, req.offset, after !== undefined);
      const { instanceId, repo } = machines(context);
      const totalCount = BigInt(await repo.count(instanceId, query));
      const batches = repo.stream(instanceId, { query, order, limit, offset, after }, context.signal);
      let sent = false;
      for await (const batch of batches) {
        const last = batch[batch.length - 1];
        if (last === undefined) continue;
        const value = order.column === "name" ? last.name : last.createTime.toISOString();
        sent = true;
        yield {
          machines: batch.map(machineToProto),
          totalCount,
          cursor: rules.encodeCursor(pageTokens, { order, query, value, id: last.id }),
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
      const { instanceId, repo } = machines(context);
      return { machine: machineToProto(await repo.update(instanceId, id, changes)) };
    },

    async deleteMachine(req, context) {
      const id = rules.machineId("id", req.id);
      const { instanceId, repo } = machines(context);
      await repo.delete(instanceId, id);
      return { id };
    },

    async getMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      const { instanceId, repo } = machines(context);
      return { secretKey: await repo.getSecretKey(instanceId, id) };
    },

    async rotateMachineSecretKey(req, context) {
      const id = rules.machineId("id", req.id);
      const ttl = rules.previousKeyTtlSeconds("previous_key_ttl_seconds", req.previousKeyTtlSeconds);
      const { instanceId, repo } = machines(context);
      const { secretKey, previousKeyExpireTime } = await repo.rotateSecretKey(instanceId, id, ttl);
      return { secretKey, previousKeyExpireTime: timestampFromDate(previousKeyExpireTime) };
    },

    async createMachineScope(req, context) {
      const fromId = rules.machineId("machine_id", req.machineId);
      const toId = rules.machineId("to_machine_id", req.toMachineId);
      const { instanceId, repo } = machines(context);
      const { createTime } = await repo.createScope(instanceId, fromId, toId);
      return { scope: { fromMachineId: fromId, toMachineId: toId, createTime: timestampFromDate(createTime) } };
    },

    async deleteMachineScope(req, context) {
      const fromId = rules.machineId("machine_id", req.machineId);
      const toId = rules.machineId("other_machine_id", req.otherMachineId);
      const { instanceId, repo } = machines(context);
      await repo.deleteScope(instanceId, fromId, toId);
      return {};
    },
  };
}
