import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import type { Database } from "./db/orm.js";
import type { SecretBox } from "./domain/secrets.js";
import { createHttpEndpoints, type HttpFallback } from "./http/endpoints.js";
import { authInterceptor } from "./interceptors/auth.js";
import { databaseInterceptor } from "./interceptors/database.js";
import { errorInterceptor } from "./interceptors/errors.js";
import { routes } from "./routes.js";
import { HealthState } from "./services/health-service.js";

/** App is the transport-independent server: services plus interceptors. */
export type App = {
  routes: (router: ConnectRouter) => void;
  /** Outermost first: errors and logging, then the entity manager, then auth. */
  interceptors: Interceptor[];
  health: HealthState;
  /** Plain-HTTP endpoints (JWKS) for requests that are not RPCs. */
  http: HttpFallback;
};

/** createApp wires the services to a database and the key-encryption box. */
export function createApp(database: Database, secrets: SecretBox): App {
  const health = new HealthState();
  return {
    routes: routes({ secrets, health }),
    interceptors: [errorInterceptor, databaseInterceptor(database), authInterceptor],
    health,
    http: createHttpEndpoints(database, secrets),
  };
}
