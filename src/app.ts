import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { CredentialCache } from "./db/credential-cache.js";
import type { Database } from "./db/orm.js";
import { StandbyPool } from "./db/standby-pool.js";
import { AuthThrottle, type AuthThrottleOptions, DEFAULT_AUTH_THROTTLE } from "./domain/auth-throttle.js";
import { ConsistencyTokens } from "./domain/consistency.js";
import { PublicUrl } from "./domain/public-url.js";
import type { SecretBox } from "./domain/secrets.js";
import { createHttpSurfaces } from "./http/front.js";
import type { Surface } from "./http/surface.js";
import { authGate, type RequestGate } from "./interceptors/auth.js";
import { databaseInterceptor } from "./interceptors/database.js";
import { errorInterceptor } from "./interceptors/errors.js";
import { log } from "./log.js";
import { publicServiceNames, type ReflectionMode, routes } from "./routes.js";
import { HealthState } from "./services/health-service.js";

/** App is the transport-independent server: services plus interceptors. */
export type App = {
  routes: (router: ConnectRouter) => void;
  /** Outermost first: errors and logging, then the entity manager. */
  interceptors: Interceptor[];
  /** Authentication and the bad-key throttle, run before a call's body is read (connect-es `requestGate`). */
  requestGate: RequestGate;
  health: HealthState;
  /** Every request that is not an RPC: REST, OAuth, JWKS and metadata, the console (createHttpSurfaces); `listen`'s front routes to it. */
  http: Surface;
  /** Where clients reach the server; `listen` adopts its address unless configured. */
  publicUrl: PublicUrl;
  /** Cached machine keys and tokens; started and stopped with the app. */
  credentials: CredentialCache;
  /** start subscribes the credential cache to invalidations and starts watching the standbys; call before serving. */
  start(): Promise<void>;
  /** stop unsubscribes, writes pending token uses and closes the standbys; call after the server closed. */
  stop(): Promise<void>;
};

/**
 * createApp wires the services to a database and the key-encryption box.
 * `publicUrl` is LATCHKEY_PUBLIC_URL when configured; reflection is `public`
 * by default (see ReflectionMode); `authThrottle` is the budget of bad secrets per client address (DEFAULT_AUTH_THROTTLE);
 * the browser console is served from `consoleDir` when given (none by default); permission checks may
 * read from `standbys` (none by default: everything on the primary).
 */
export function createApp(
  database: Database,
  secrets: SecretBox,
  publicUrl = new PublicUrl(),
  options: {
    reflection?: ReflectionMode;
    authThrottle?: AuthThrottleOptions;
    consoleDir?: string | undefined;
    standbys?: StandbyPool;
  } = {},
): App {
  const health = new HealthState();
  const credentials = new CredentialCache(database);
  // A blocked address's refusals after the first are logged as one line when its block ends.
  const throttle = new AuthThrottle(options.authThrottle ?? DEFAULT_AUTH_THROTTLE, ({ address, refused, windowMs }) =>
    log("warn", "refused an address over its bad-secret budget", { address, refused, window_ms: windowMs }),
  );
  const reflection = options.reflection ?? "public";
  const standbys = options.standbys ?? StandbyPool.none();
  const consistencyTokens = new ConsistencyTokens(secrets.deriveKey("consistency tokens"));
  return {
    routes: routes({ secrets, health, publicUrl, credentials, reflection, consistencyTokens, standbys }),
    interceptors: [errorInterceptor, databaseInterceptor(database)],
    requestGate: authGate(database, credentials, throttle, publicServiceNames(reflection)),
    health,
    http: createHttpSurfaces(database, {
      secrets,
      publicUrl,
      credentials,
      throttle,
      consistencyTokens,
      standbys,
      consoleDir: options.consoleDir,
    }),
    publicUrl,
    credentials,
    start: async () => {
      await credentials.start();
      await standbys.start();
    },
    stop: async () => {
      await credentials.stop();
      await standbys.stop();
    },
  };
}
