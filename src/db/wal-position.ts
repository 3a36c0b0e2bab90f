import { type Lsn, parseLsn } from "../domain/consistency.js";
import type { Db } from "./orm.js";

/**
 * POSITION_SQL is how far a server's data goes, as a pg_lsn in text: on a
 * standby what it has replayed, on the primary where its log is inserted
 * (past the end of every commit that has returned, even with
 * synchronous_commit off). One expression for both, so a statement can report
 * the position it was answered at whichever server ran it.
 */
export const POSITION_SQL =
  "(case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_insert_lsn() end)::text";

/**
 * currentPosition returns POSITION_SQL on `db`'s server. Called after a write
 * committed, it is a position at or past that commit: every standby that has
 * replayed up to it shows the write.
 */
export async function currentPosition(db: Db): Promise<Lsn> {
  const [row] = await db.execute<{ position: string }[]>(`select ${POSITION_SQL} as position`);
  if (row === undefined) throw new Error("the database reported no log position");
  return parseLsn(row.position);
}
