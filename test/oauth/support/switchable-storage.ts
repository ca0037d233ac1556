import { InMemoryStorage, type MiroTokenState, type Storage } from '../../../src/index.js';

/** An in-memory storage whose reads and writes can be made to fail, with an error of our choosing. */
export class SwitchableStorage implements Storage {
  readonly inner = new InMemoryStorage();
  failGet: ((userId: string) => Error) | undefined;
  failSet: ((userId: string, state: MiroTokenState | undefined) => Error) | undefined;
  gets = 0;
  sets = 0;

  async get(userId: string): Promise<MiroTokenState | undefined> {
    this.gets += 1;
    if (this.failGet) throw this.failGet(userId);
    return this.inner.get(userId);
  }

  async set(userId: string, state: MiroTokenState | undefined): Promise<void> {
    this.sets += 1;
    if (this.failSet) throw this.failSet(userId, state);
    this.inner.set(userId, state);
  }
}
