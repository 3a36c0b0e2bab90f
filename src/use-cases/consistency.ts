import type { Db } from "../db/orm.js";
import type { StandbyPool } from "../db/standby-pool.js";
import { currentPosition } from "../db/wal-position.js";
import type { Consistency, ConsistencyTokens } from "../domain/consistency.js";
import type { Caller } from "./caller.js";

/**
 * ConsistencyRequest is how fresh a read must be, as a transport received
 * it: a token to be at least as fresh as travels as the client sent it, with
 * the wire field that carried it (named when the token is not latchkey's).
 * Absent, a read is fully consistent: it never misses a change.
 */
export type ConsistencyRequest =
  | { kind: "fully-consistent" }
  | { kind: "minimize-latency" }
  | { kind: "at-least-as-fresh"; token: string; field: string };

/**
 * Consistent is a result with the consistency token of the point it stands
 * at: for a write, at or past its commit; for a read, the position of the
 * server that answered, at or past what the read saw. Passed back as
 * at-least-as-fresh, it makes a read see at least that much, wherever it runs.
 */
export type Consistent<T> = T & { consistencyToken: string };

/** Written is a write's result (`value`) and its commit's consistency token. */
export type Written<T> = Consistent<{ value: T }>;

/**
 * ConsistencyDeps: the key that signs consistency tokens, and the standbys a
 * read may run on (StandbyPool.none(): everything on the primary).
 */
export type ConsistencyDeps = { consistencyTokens: ConsistencyTokens; standbys: StandbyPool };

/**
 * createConsistency is the one place the use cases turn positions into
 * tokens and tokens into positions, shared by the scope, machine and token
 * use cases so every write's token is made, and every request's token is
 * read, the same way.
 */
export function createConsistency({ consistencyTokens }: ConsistencyDeps) {
  /**
   * readAt seals the position of `db`'s server after a read on it: at or past
   * what the read saw, so a read at least as fresh as the token sees it too.
   */
  const readAt = async (db: Db): Promise<string> => consistencyTokens.seal(await currentPosition(db));

  return {
    /**
     * written seals the token of a write the caller's entity manager has just
     * committed: the primary's log position now is at or past that commit, so
     * a standby that has replayed up to it shows the write.
     */
    async written<T>(caller: Caller, value: T): Promise<Written<T>> {
      return { value, consistencyToken: await readAt(caller.db) };
    },

    readAt,

    /** consistencyOf opens a request's token; unset is fully consistent. */
    consistencyOf(request: ConsistencyRequest | undefined): Consistency {
      if (request === undefined || request.kind !== "at-least-as-fresh") return request ?? { kind: "fully-consistent" };
      return { kind: "at-least-as-fresh", lsn: consistencyTokens.open(request.field, request.token) };
    },
  };
}
