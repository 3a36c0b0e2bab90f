import { AsyncLocalStorage } from "node:async_hooks";
import type { EventSubscriber, TransactionEventArgs } from "@mikro-orm/core";

const callSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * runWithCallSignal runs `work` (a call's handler) so that every transaction
 * it starts knows the call's signal, which aborts at the call's deadline, when
 * the client cancels, or when the server shuts down.
 */
export function runWithCallSignal<T>(signal: AbortSignal, work: () => T): T {
  return callSignal.run(signal, work);
}

/**
 * AbandonedCallGuard rolls back a transaction instead of committing it when
 * its call's signal has aborted: the client was already told the call failed
 * (DeadlineExceeded, Canceled, Unavailable), so its change must not appear
 * later. A change can still commit in the instant between this check and the
 * COMMIT reaching PostgreSQL; it never commits after a deadline seen here.
 */
export class AbandonedCallGuard implements EventSubscriber {
  beforeTransactionCommit(_args: TransactionEventArgs): void {
    callSignal.getStore()?.throwIfAborted();
  }
}
