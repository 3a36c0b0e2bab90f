import type { CredentialCache } from "../db/credential-cache.js";
import { type MachineListSpec, MachineRepository, type MachineView } from "../db/machine-repository.js";
import type { Db } from "../db/orm.js";
import { requireInstanceKey } from "../domain/access.js";
import { DomainError } from "../domain/errors.js";
import { orderValue } from "../domain/machine-rules.js";
import type { SecretBox } from "../domain/secrets.js";
import type { Caller } from "./caller.js";
import { type ConsistencyDeps, type ConsistencyRequest, type Consistent, createConsistency } from "./consistency.js";

export type { CalleeView, MachineListSpec, MachineView } from "../db/machine-repository.js";

/**
 * MachineUseCaseDeps are what the machine use cases need besides each call's
 * own; the standbys (ConsistencyDeps) serve GetMachine and ListMachines when
 * a request's consistency allows.
 */
export type MachineUseCaseDeps = ConsistencyDeps & { secrets: SecretBox; credentials: CredentialCache };

/** NewMachine is a validated machine to create. */
export type NewMachine = { name: string; defaultTokenTtlSeconds: number; calleeIds: string[] };

/** MachineChanges are the validated fields to change; an absent field stays as it is. */
export type MachineChanges = { name?: string; defaultTokenTtlSeconds?: number };

/** CallGrantView is a one-way call grant (a machine scope on the wire): `fromMachineId` may call `toMachineId`. */
export type CallGrantView = { fromMachineId: string; toMachineId: string; createTime: Date };

/**
 * MachineList is a listing: the total matching the query, and the machines
 * in batches as they are read, each with the token of the point it was read
 * at. The whole listing is read on one server, so positions only grow and a
 * batch's token covers it and every batch before it.
 */
export type MachineList = {
  totalCount: number;
  batches: AsyncGenerator<Consistent<{ machines: MachineView[] }>>;
};

/** after is what is left of a listing once `sent` (the next machines in its order) went out. */
function after(spec: MachineListSpec, sent: MachineView[]): MachineListSpec {
  const last = sent.at(-1);
  if (last === undefined) return spec;
  return {
    ...spec,
    offset: 0,
    // 0 is "no limit": a used-up limit is -1 ("nothing left", see list), never 0.
    limit: spec.limit === 0 ? 0 : Math.max(spec.limit - sent.length, 0) || -1,
    after: { order: spec.order, query: spec.query, value: orderValue(last, spec.order), id: last.id },
  };
}

/**
 * createMachineUseCases manages an instance's machines, their secret keys and
 * call grants (see caller.ts for the conventions). Every function needs an
 * instance key (`sk_…`) and stays inside the caller's instance: a machine of
 * another instance is NotFound.
 */
export function createMachineUseCases({ secrets, credentials, consistencyTokens, standbys }: MachineUseCaseDeps) {
  const { consistencyOf, readAt } = createConsistency({ consistencyTokens, standbys });
  const repository = (db: Db) => new MachineRepository(db, secrets, credentials);
  /** inInstance admits the caller (instance key only) and opens the repository on its call. */
  const inInstance = (caller: Caller) => {
    const instanceId = requireInstanceKey(caller.principal);
    return { instanceId, repo: repository(caller.db) };
  };

  return {
    /** create stores a machine with its first secret key and call grants; the key is returned this once with the machine. */
    async create(caller: Caller, input: NewMachine): Promise<{ machine: MachineView; secretKey: string }> {
      const { instanceId, repo } = inInstance(caller);
      return repo.create(instanceId, input);
    },

    /**
     * get returns one machine with the machines it may call, and the token it
     * was read at. Fully consistent (the default), through this process's
     * cache of primary reads; otherwise on a standby as fresh as
     * `consistency` asks, or the primary, never through the cache (see
     * CredentialCache.machineView: a standby's answer must not fill it, and
     * a cached answer may predate a token from another process's write).
     */
    async get(
      caller: Caller,
      { id, consistency }: { id: string; consistency?: ConsistencyRequest },
    ): Promise<Consistent<MachineView>> {
      const freshness = consistencyOf(consistency);
      const { instanceId, repo } = inInstance(caller);
      const { view, readAt } =
        freshness.kind === "fully-consistent"
          ? await repo.cachedGet(instanceId, id)
          : await standbys.read(caller.db, freshness, (db) => repository(db).getAt(instanceId, id));
      return { ...view, consistencyToken: consistencyTokens.seal(readAt) };
    },

    /**
     * list counts the machines matching the query, then reads them in batches
     * until the signal ends the call, on one server: the primary, or a
     * standby as fresh as `consistency` asks (chosen for the count). A
     * standby that fails mid-stream hands the rest of the stream, after the
     * last machine sent, to the primary, which is at least as fresh.
     */
    async list(caller: Caller, spec: MachineListSpec & { consistency?: ConsistencyRequest }): Promise<MachineList> {
      const freshness = consistencyOf(spec.consistency);
      const { instanceId } = inInstance(caller);
      const { db, totalCount } = await standbys.read(caller.db, freshness, async (db) => ({
        db,
        totalCount: await repository(db).count(instanceId, spec.query),
      }));
      async function* batches() {
        let from = db;
        let rest: MachineListSpec = spec;
        let empty = true;
        for (;;) {
          try {
            for await (const { machines, readAt: position } of repository(from).stream(
              instanceId,
              rest,
              caller.signal,
            )) {
              empty = false;
              rest = after(rest, machines);
              yield { machines, consistencyToken: consistencyTokens.seal(position) };
            }
            break;
          } catch (error) {
            if (from === caller.db || error instanceof DomainError) throw error;
            if (rest.limit < 0) break;
            from = caller.db;
          }
        }
        // Nothing matched: the answer is still a read, at the position of the server that made it.
        if (empty && !caller.signal.aborted) yield { machines: [], consistencyToken: await readAt(from) };
      }
      return { totalCount, batches: batches() };
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
