import { MachineRepository } from "../db/machine-repository.js";
import { TokenRepository, type TokenView } from "../db/token-repository.js";
import { type MachinePrincipal, requireMachineKey } from "../domain/access.js";
import { DomainError } from "../domain/errors.js";
import { ID_PREFIX, isSortableId } from "../domain/ids.js";
import { SECRET_PREFIX } from "../domain/secrets.js";
import { introspectionAnswer } from "../domain/token-claims.js";
import type { JsonObject } from "../domain/token-rules.js";
import type { Caller, PublicCaller } from "./caller.js";
import { createTokenUseCases, type TokenUseCaseDeps } from "./tokens.js";

/**
 * createOAuthUseCases is the OAuth 2.0 side of machine tokens (see caller.ts
 * for the conventions): a machine authenticates as a client with its id and
 * secret key, gets a JWT access token (client credentials grant), and, as a
 * receiver, introspects tokens exactly as VerifyToken checks them.
 */
export function createOAuthUseCases(deps: TokenUseCaseDeps) {
  const { secrets, publicUrl, credentials } = deps;
  const tokens = createTokenUseCases(deps);

  return {
    /**
     * authenticateClient returns the machine whose id is `clientId` and whose
     * current (or still valid previous) secret key is `clientSecret`, or
     * undefined; credentials of the wrong shape are not looked up.
     */
    async authenticateClient(
      caller: PublicCaller,
      { clientId, clientSecret }: { clientId: string; clientSecret: string },
    ): Promise<MachinePrincipal | undefined> {
      const found =
        isSortableId(clientId, ID_PREFIX.machine) && clientSecret.startsWith(`${SECRET_PREFIX.machine}_`)
          ? await MachineRepository.findMachineByKey(caller.db, credentials, clientSecret)
          : undefined;
      return found === undefined || found.machineId !== clientId ? undefined : { kind: "machine", ...found };
    },

    /**
     * issueAccessToken makes the client credentials grant's JWT for the
     * calling machine, with its default lifetime (shortened by the repository
     * when the key is in its grace period). `audience`, when given, narrows
     * the token's scopes to those machines (SCOPE_NOT_GRANTED if one is not
     * among them).
     */
    async issueAccessToken(
      caller: Caller,
      { audience }: { audience: string[] | undefined },
    ): Promise<{ token: TokenView; secret: string }> {
      const client = requireMachineKey(caller.principal);
      const repository = new TokenRepository(caller.db, secrets, credentials);
      return repository.createJwt(client, {
        issuer: publicUrl.issuer(client.instanceId),
        lifetimeSeconds: undefined,
        claims: null,
        ...(audience === undefined ? {} : { audience }),
      });
    },

    /**
     * introspect is RFC 7662 for the calling machine as the receiver: the
     * token's claims when verify accepts it for that machine, else only
     * `active: false`, whatever the reason (the RFC tells the caller no more).
     */
    async introspect(caller: Caller, { token }: { token: string }): Promise<JsonObject> {
      try {
        // An empty receiver is the calling machine itself (actingMachine).
        const view = await tokens.verify(caller, { receiver: { field: "client_id", id: "" }, token });
        const facts = { ...view, issuer: publicUrl.issuer(caller.principal.instanceId), audience: view.audience };
        return introspectionAnswer(facts, view.claims);
      } catch (error) {
        if (error instanceof DomainError) return { active: false };
        throw error;
      }
    },
  };
}
