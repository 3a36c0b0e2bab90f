import type { CredentialCache } from "../db/credential-cache.js";
import { type MachineListSpec, MachineRepository, type MachineView } from "../db/machine-repository.js";
import { requireInstanceKey } from "../domain/access.js";
import type { SecretBox } from "../domain/secrets.js";
import type { Caller } from "./caller.js";

export type { CalleeView, MachineListSpec, MachineView } from "../db/machine-repository.js";

/** MachineUseCaseDeps are what the machine use cases need besides each call's own. */
export type MachineUseCaseDeps = { secrets: SecretBox; credentials: CredentialCache };

/** NewMachine is a validated machine to create. */
export type NewMachine = { name: string; defaultTokenTtlSeconds: number; calleeIds: string[] };

/** MachineChanges are the validated fields to change; an absent field stays as it is. */
export type MachineChanges = { name?: string; defaultTokenTtlSeconds?: number };

/** CallGrantView is a one-way call grant (a machine scope on the wire): `fromMachineId` may call `toMachineId`. */
export type CallGrantView = { fromMachineId: string; toMachineId: string; createTime: Date };

/** MachineList is a listing: the total matching the query, and the machines in batches as they are read. */
export type MachineList = { totalCount: number; batches: AsyncGenerator<MachineView[]> };

/**
 * createMachineUseCases manages an instance's machines, their secret keys and
 * call grants (see caller.ts for the conventions). Every function needs an
 * instance key (`sk_…`) and stays inside the caller's instance: a machine of
 * another instance is NotFound.
 */
export function createMachineUseCases({ secrets, credentials }: MachineUseCaseDeps) {
  /** inInstance admits the caller (instance key only) and opens the repository on its call. */
  const inInstance = (caller: Caller) => {
    const instanceId = requireInstanceKey(caller.principal);
    return { instanceId, repo: new MachineRepository(caller.db, secrets, credentials) };
  };

  return {
    /** create stores a machine with its first secret key and call grants; the key is returned this once with the machine. */
    async create(caller: Caller, input: NewMachine): Promise<{ machine: MachineView; secretKey: string }> {
      const { instanceId, repo } = inInstance(caller);
      return repo.create(instanceId, input);
    },

    /** get returns one machine with the machines it may call. */
    async get(caller: Caller, { id }: { id: string }): Promise<MachineView> {
      const { instanceId, repo } = inInstance(caller);
      return repo.cachedGet(instanceId, id);
    },

    /** list counts the machines matching the query, then reads them in batches until the signal ends the call. */
    async list(caller: Caller, spec: MachineListSpec): Promise<MachineList> {
      const { instanceId, repo } = inInstance(caller);
      const totalCount = await repo.count(instanceId, spec.query);
      return { totalCount, batches: repo.stream(instanceId, spec, caller.signal) };
    },

    /** update changes the given fields; no change returns the machine as it is. */
    async update(caller: Caller, { id, changes }: { id: string; changes: MachineChanges }): Promise<MachineView> {
      const { instanceId, repo } = inInstance(caller);
      return repo.update(instanceId, id, changes);
    },

    /** delete removes a machine with its keys, call grants and tokens. */
    async delete(caller: Caller, { id }: { id: string }): Promise<void> {
      const { instanceId, repo } = inInstance(caller);
      await repo.delete(instanceId, id);
    },

    /** getSecretKey returns the machine's current secret key. */
    async getSecretKey(caller: Caller, { id }: { id: string }): Promise<string> {
      const { instanceId, repo } = inInstance(caller);
      return repo.getSecretKey(instanceId, id);
    },

    /** rotateSecretKey makes a new key; the old one keeps working for `previousKeyTtlSeconds`. */
    async rotateSecretKey(
      caller: Caller,
      { id, previousKeyTtlSeconds }: { id: string; previousKeyTtlSeconds: number },
    ): Promise<{ secretKey: string; previousKeyExpireTime: Date }> {
      const { instanceId, repo } = inInstance(caller);
      return repo.rotateSecretKey(instanceId, id, previousKeyTtlSeconds);
    },

    /** createCallGrant lets `fromMachineId` call `toMachineId`. */
    async createCallGrant(
      caller: Caller,
      { fromMachineId, toMachineId }: { fromMachineId: string; toMachineId: string },
    ): Promise<CallGrantView> {
      const { instanceId, repo } = inInstance(caller);
      const { createTime } = await repo.createCallGrant(instanceId, fromMachineId, toMachineId);
      return { fromMachineId, toMachineId, createTime };
    },

    /** deleteCallGrant takes that permission back. */
    async deleteCallGrant(
      caller: Caller,
      { fromMachineId, toMachineId }: { fromMachineId: string; toMachineId: string },
    ): Promise<void> {
      const { instanceId, repo } = inInstance(caller);
      await repo.deleteCallGrant(instanceId, fromMachineId, toMachineId);
    },
  };
}
