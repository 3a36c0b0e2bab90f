import type { Db } from "../db/orm.js";
import type { Principal } from "../domain/access.js";

/**
 * The use-case layer: the one place each flow is orchestrated, called by
 * every transport (the Connect handlers in `src/services/`, the REST, OAuth
 * and JWKS endpoints in `src/http/`), so a rule about who may do what, which
 * repository call, which lock or which verification changes in one place.
 *
 * Conventions, followed by every `src/use-cases/*.ts`:
 * - `createXUseCases(deps)` takes the server's long-lived dependencies
 *   (secrets, credential cache, public URL…) explicitly and returns an object
 *   of plain async functions; building it twice shares everything that
 *   matters, since state lives in the dependencies passed in.
 * - Each function is `(caller, input)`. `caller` is who calls and the call's
 *   own entity manager (Caller, or PublicCaller for endpoints anyone may
 *   call). `input` is transport-neutral and already validated by the
 *   transport, which names bad fields in its own wire spelling with the
 *   shared rules of `src/domain/*-rules.ts` (RequestedMachine carries that
 *   spelling where the access check itself must name the field).
 * - A function checks access first (`src/domain/access.ts`), then reaches
 *   storage. So every transport validates, then authorizes, then looks up.
 * - It returns domain views (MachineView, TokenView…), never protobuf
 *   messages or HTTP bodies, and fails with DomainErrors, which each
 *   transport maps in its one error-mapping place.
 * - Opaque page tokens and cursors are a transport's wire encoding: use cases
 *   take and return plain positions.
 * - Nothing here imports a transport (HTTP, Connect, `gen/`);
 *   test/architecture.test.ts holds both directions.
 */

/** Caller is an authenticated call as a use case sees it: who calls, its entity manager, and its end. */
export type Caller = {
  principal: Principal;
  /** The call's own forked entity manager (a transport may fork it when it is first read). */
  db: Db;
  /** Aborted when the client goes away; long reads (streams) stop on it. */
  signal: AbortSignal;
};

/** PublicCaller is a call no key stands behind yet: JWKS, metadata, an OAuth client before its credentials are checked. */
export type PublicCaller = Pick<Caller, "db">;

/**
 * RequestedMachine is a machine id as the transport received it (possibly
 * empty) with the transport's name for its field, because whether it may be
 * empty depends on the caller (actingMachine) and the error must name the field.
 */
export type RequestedMachine = { field: string; id: string };
