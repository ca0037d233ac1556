/**
 * Makes an unguessable OAuth `state` (32 random bytes, base64url) with Web Crypto, which Node 20
 * and browsers both have. Keep it in the user's session and check it when the user comes back.
 *
 * @example
 * ```ts
 * const state = createOAuthState();
 * session.oauthState = state;
 * response.redirect(miro.getAuthUrl(state));
 * ```
 */
export function createOAuthState(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Compares two strings in time independent of where they differ. */
export function sameState(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * States this instance put into authorisation URLs, each usable once until it expires. Bounded,
 * so that a crawler requesting login pages cannot grow it without limit.
 */
export class PendingStates {
  readonly #expiresAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
  ) {}

  remember(state: string, now = Date.now()): void {
    this.#dropExpired(now);
    this.#expiresAt.delete(state);
    this.#expiresAt.set(state, now + this.ttlMs);
    // Maps iterate in insertion order: the first key is the oldest.
    while (this.#expiresAt.size > this.capacity) this.#expiresAt.delete(this.#expiresAt.keys().next().value!);
  }

  /** True when `state` was remembered and has not expired; it cannot be used again either way. */
  consume(state: string, now = Date.now()): boolean {
    const expiresAt = this.#expiresAt.get(state);
    this.#expiresAt.delete(state);
    return expiresAt !== undefined && expiresAt > now;
  }

  #dropExpired(now: number): void {
    for (const [state, expiresAt] of this.#expiresAt) {
      if (expiresAt > now) break;
      this.#expiresAt.delete(state);
    }
  }
}
