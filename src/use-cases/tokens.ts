import type { CredentialCache } from "../db/credential-cache.js";
import { TokenRepository, type TokenRequest, type TokenView } from "../db/token-repository.js";
import { actingMachine, requireMachineKey, tokenOwnerFilter } from "../domain/access.js";
import type { PublicUrl } from "../domain/public-url.js";
import type { SecretBox } from "../domain/secrets.js";
import type { TokenPageToken } from "../domain/token-rules.js";
import type { Caller, RequestedMachine } from "./caller.js";

export type { TokenRequest, TokenView } from "../db/token-repository.js";

/** TokenUseCaseDeps are what the token use cases need besides each call's own. */
export type TokenUseCaseDeps = { secrets: SecretBox; publicUrl: PublicUrl; credentials: CredentialCache };

/** TokenListQuery is a validated listing of one machine's tokens, newest first. */
export type TokenListQuery = {
  /** Whose tokens: a machine key may name only itself (or leave it empty); an instance key must name one. */
  subject: RequestedMachine;
  includeRevoked: boolean;
  includeExpired: boolean;
  pageSize: number;
  /** Continue after this position (the page before's last token)… */
  after: TokenPageToken | undefined;
  /** …or skip this many tokens (default 0). */
  offset?: number;
};

/** TokenPage is one page of tokens, the position after it (undefined on the last page) and the total. */
export type TokenPage = { tokens: TokenView[]; next: TokenPageToken | undefined; totalCount: number };

/**
 * createTokenUseCases is how machine tokens are made, checked, listed and
 * revoked (see caller.ts for the conventions): a machine makes tokens with
 * its own key; a token is verified for a receiver, always checking that the
 * receiver is in the token's audience; a machine key manages its own tokens, an
 * instance key any of its instance's.
 */
export function createTokenUseCases({ secrets, publicUrl, credentials }: TokenUseCaseDeps) {
  // Given as a source: a token the caches answer for never needs the call's entity manager.
  const repository = (caller: Caller) => new TokenRepository(() => caller.db, secrets, credentials);

  return {
    /**
     * create makes a token for the calling machine (its own key only): an
     * opaque token, possibly one reused under `minRemainingTtlSeconds`, or a
     * JWT signed for the instance's issuer.
     */
    async create(
      caller: Caller,
      request: TokenRequest,
    ): Promise<{ token: TokenView; secret: string; reused: boolean }> {
      const subject = requireMachineKey(caller.principal);
      return repository(caller).issue(subject, request, publicUrl.issuer(subject.instanceId));
    },

    /** verify checks a presented token of either format for the receiver, which must be in its audience. */
    async verify(
      caller: Caller,
      { receiver, token }: { receiver: RequestedMachine; token: string },
    ): Promise<TokenView> {
      const { principal } = caller;
      const receiverId = actingMachine(principal, receiver.field, receiver.id);
      return repository(caller).verifyPresented(principal.instanceId, token, receiverId);
    },

    /** list pages through one machine's tokens. */
    async list(caller: Caller, query: TokenListQuery): Promise<TokenPage> {
      const { principal } = caller;
      const { subject, ...filter } = query;
      const subjectId = actingMachine(principal, subject.field, subject.id);
      return repository(caller).list(principal.instanceId, subjectId, filter);
    },

    /** revoke ends a token (the first reason stays); a machine key reaches only its own tokens. */
    async revoke(caller: Caller, { id, reason }: { id: string; reason: string | null }): Promise<TokenView> {
      const { principal } = caller;
      return repository(caller).revoke(principal.instanceId, id, reason, tokenOwnerFilter(principal));
    },
  };
}
