import { createScopeUseCases, type ScopeUseCaseDeps } from "../../use-cases/scopes.js";
import type { RestRoute } from "./route.js";
import { memberRoutes } from "./scope-members.js";
import { scopeRoutes } from "./scopes.js";

/**
 * isBedrockPath tells whether a path belongs to the Bedrock-compatible REST
 * API of the scope model; its errors take the Bedrock routes' shape.
 */
export function isBedrockPath(path: string): boolean {
  return /^\/(?:scopes|scope-types|scope-type-hierarchy|subjects|roles|memberships|evaluate)(?:\/|$)/.test(path);
}

/**
 * scopeModelRoutes are the Bedrock-compatible routes, on the same scope use
 * cases as ScopeService. Their shapes carry no consistency tokens (the
 * reference has none): /evaluate always reads the primary.
 */
export function scopeModelRoutes(deps: ScopeUseCaseDeps): RestRoute[] {
  const scopes = createScopeUseCases(deps);
  return [...scopeRoutes(scopes), ...memberRoutes(scopes)];
}
