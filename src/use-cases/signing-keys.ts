import { SigningKeyRepository } from "../db/signing-key-repository.js";
import { requireInstanceKey } from "../domain/access.js";
import type { SecretBox } from "../domain/secrets.js";
import type { Caller, PublicCaller } from "./caller.js";

/** SigningKeyUseCaseDeps are what the signing key use cases need besides each call's own. */
export type SigningKeyUseCaseDeps = { secrets: SecretBox };

/**
 * createSigningKeyUseCases manages and publishes an instance's JWT signing
 * keys (see caller.ts for the conventions): rotating needs an instance key;
 * the published keys and whether an instance exists are public, since
 * receivers verify JWTs without a key of their own.
 */
export function createSigningKeyUseCases({ secrets }: SigningKeyUseCaseDeps) {
  return {
    /** rotate makes a new current signing key and returns its kid; the old one stays published while its tokens live. */
    async rotate(caller: Caller): Promise<string> {
      const instanceId = requireInstanceKey(caller.principal);
      return new SigningKeyRepository(caller.db, secrets).rotate(instanceId);
    },

    /** published is the instance's JWKS keys, or undefined when there is no such instance. */
    async published(caller: PublicCaller, { instanceId }: { instanceId: string }): Promise<JsonWebKey[] | undefined> {
      const keys = new SigningKeyRepository(caller.db, secrets);
      return (await keys.instanceExists(instanceId)) ? keys.published(instanceId) : undefined;
    },

    /** instanceExists tells the public endpoints whether an instance id names one (else they answer 404). */
    async instanceExists(caller: PublicCaller, { instanceId }: { instanceId: string }): Promise<boolean> {
      return new SigningKeyRepository(caller.db, secrets).instanceExists(instanceId);
    },
  };
}
