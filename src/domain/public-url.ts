/**
 * PublicUrl is where clients reach this server. Issuer identifiers and the
 * OAuth endpoint URLs are built from it, so JWT `iss` and the authorization
 * server metadata agree. Configured with LATCHKEY_PUBLIC_URL; otherwise the
 * address the server listens on, adopted once it listens.
 */
export class PublicUrl {
  #base: string | undefined;

  constructor(configured?: string) {
    this.#base = configured?.replace(/\/+$/, "");
  }

  /** adopt sets the base from the listening address, unless one was configured. */
  adopt(listeningUrl: string): void {
    this.#base ??= listeningUrl.replace(/\/+$/, "");
  }

  /** base is the URL without a trailing slash (`http://localhost` before the server listens). */
  get base(): string {
    return this.#base ?? "http://localhost";
  }

  /** issuer is the OAuth issuer identifier of an instance. */
  issuer(instanceId: string): string {
    return `${this.base}/instances/${instanceId}`;
  }
}
