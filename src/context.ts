import { createContextKey } from "@connectrpc/connect";
import type { Db } from "./db/orm.js";
import type { Principal } from "./domain/access.js";

export type { Principal } from "./domain/access.js";

/** principalKey holds the authenticated caller; handlers read it with requirePrincipal. */
export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "latchkey principal" });

/**
 * dbKey holds how to get the call's own entity manager, forked the first
 * time it is asked for (forkOnFirstUse: a call the caches answer never
 * forks one). It is passed explicitly
 * (not through RequestContext) because async-local storage does not survive
 * into server-streaming handlers.
 */
export const dbKey = createContextKey<(() => Db) | undefined>(undefined, { description: "latchkey entity manager" });

/**
 * peerAddressKey holds the client's network address, set by the Node adapter
 * (undefined for in-process transports); the auth throttle counts failures by it.
 */
export const peerAddressKey = createContextKey<string | undefined>(undefined, { description: "client address" });
