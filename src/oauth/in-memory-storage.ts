import type { Storage } from './storage.js';
import type { MiroTokenState } from './token-state.js';

/**
 * The default `Storage`: a Map held by one `Miro` instance (each instance makes its own, so two
 * apps in one process never see each other's tokens). Lost when the process exits.
 *
 * @example
 * ```ts
 * const miro = new Miro({ storage: new InMemoryStorage() });
 * ```
 */
export class InMemoryStorage implements Storage {
  readonly #states = new Map<string, MiroTokenState>();

  get(userId: string): MiroTokenState | undefined {
    const state = this.#states.get(userId);
    // A copy, so that a caller changing it cannot change what is stored.
    return state && { ...state };
  }

  set(userId: string, state: MiroTokenState | undefined): void {
    if (state === undefined) this.#states.delete(userId);
    else this.#states.set(userId, { ...state });
  }
}
