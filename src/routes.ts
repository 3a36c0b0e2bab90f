import type { ConnectRouter } from "@connectrpc/connect";
import { Health } from "../gen/ts/grpc/health/v1/health_pb.js";
import * as ReflectionV1 from "../gen/ts/grpc/reflection/v1/reflection_pb.js";
import * as ReflectionV1alpha from "../gen/ts/grpc/reflection/v1alpha/reflection_pb.js";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import type { CredentialCache } from "./db/credential-cache.js";
import { PageTokens } from "./domain/pages.js";
import type { PublicUrl } from "./domain/public-url.js";
import type { SecretBox } from "./domain/secrets.js";
import { createHealthService, type HealthState } from "./services/health-service.js";
import { createMachineService } from "./services/machine-service.js";
import { createReflectionServices } from "./services/reflection-service.js";
import { createScopeService } from "./services/scope-service.js";
import { createTokenService } from "./services/token-service.js";
import { serveStrictly } from "./strict-json.js";
import type { ScopeUseCaseDeps } from "./use-cases/scopes.js";

/**
 * ReflectionMode is who may read the schema through gRPC server reflection
 * (LATCHKEY_REFLECTION): `public` (anyone: the schema is the one published in
 * proto/, and the data behind it still needs a key), `key` (callers with a
 * bearer key, like every other call) or `off` (not served).
 */
export type ReflectionMode = "public" | "key" | "off";

/** REFLECTION_SERVICES are the reflection services' names, served unless ReflectionMode is `off`. */
const REFLECTION_SERVICES = [ReflectionV1.ServerReflection.typeName, ReflectionV1alpha.ServerReflection.typeName];

/**
 * publicServiceNames lists the services that answer without a key: health
 * checks (load balancers have no secret) and reflection when it is `public`.
 */
export function publicServiceNames(reflection: ReflectionMode): ReadonlySet<string> {
  return new Set([Health.typeName, ...(reflection === "public" ? REFLECTION_SERVICES : [])]);
}

/**
 * RouteDeps are what the services need, passed in explicitly; the scope use
 * cases' (the consistency token key and the standbys checks may read from).
 */
export type RouteDeps = ScopeUseCaseDeps & {
  secrets: SecretBox;
  health: HealthState;
  publicUrl: PublicUrl;
  credentials: CredentialCache;
  /** Whether gRPC server reflection is served (its access is publicServiceNames' business). */
  reflection: ReflectionMode;
};

/**
 * routes registers every service, each method reading JSON strictly
 * (serveStrictly). The same function feeds the Node adapter in production and
 * createRouterTransport in tests.
 */
export function routes(deps: RouteDeps): (router: ConnectRouter) => void {
  const pageTokens = new PageTokens(deps.secrets.deriveKey("page tokens"));
  return (router) => {
    serveStrictly(router, MachineService, createMachineService(deps, pageTokens));
    serveStrictly(router, TokenService, createTokenService(deps, pageTokens));
    serveStrictly(router, ScopeService, createScopeService(pageTokens, deps));
    serveStrictly(
      router,
      Health,
      createHealthService(deps.health, [MachineService.typeName, TokenService.typeName, ScopeService.typeName]),
    );
    if (deps.reflection !== "off") {
      const reflection = createReflectionServices([
        MachineService,
        TokenService,
        ScopeService,
        Health,
        ReflectionV1.ServerReflection,
        ReflectionV1alpha.ServerReflection,
      ]);
      serveStrictly(router, ReflectionV1.ServerReflection, reflection.v1);
      serveStrictly(router, ReflectionV1alpha.ServerReflection, reflection.v1alpha);
    }
  };
}
