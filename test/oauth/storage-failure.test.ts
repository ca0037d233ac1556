import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroStorageError, type MiroTokenState, type Storage } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { authorise, miroFor, startServer } from './support/oauth-setup.js';
import { SwitchableStorage } from './support/switchable-storage.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as MiroStorageError,
  );

describe('a storage that fails', () => {
  it('turns a failed read into a MiroStorageError for calls, isAuthorized and revokeToken', async () => {
    const storage = new SwitchableStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-read');
    storage.failGet = (userId) => new Error(`connection to the token table lost while reading ${userId}`);
    const requests = server.requests.length;
    for (const attempt of [
      firstValueFrom(miro.as('u-read').getSpecificBoard('b')),
      firstValueFrom(miro.isAuthorized('u-read')),
      firstValueFrom(miro.revokeToken('u-read')),
    ]) {
      const error = await failure(attempt);
      expect(error).toBeInstanceOf(MiroStorageError);
      expect(error).toMatchObject({ action: 'get', userId: 'u-read' });
      expect(error.message).toBe('could not read the tokens of user u-read from storage: connection to the token table lost while reading u-read');
      expect((error as Error & { cause: Error }).cause.message).toBe('connection to the token table lost while reading u-read');
    }
    expect(server.requests.length).toBe(requests);
  });

  it('turns a failed write after the code exchange into a MiroStorageError and stores nothing', async () => {
    const storage = new SwitchableStorage();
    const miro = miroFor(server, { storage });
    storage.failSet = () => new Error('read-only replica');
    const login = miro.createAuthRequest();
    const callback = await server.authorize(login.url);
    const error = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u-write', callback, { state: login.state })));
    expect(error).toMatchObject({ name: 'MiroStorageError', action: 'set', userId: 'u-write' });
    expect(error.message).toMatch(/could not write the tokens of user u-write .*read-only replica/);
    expect(storage.inner.get('u-write')).toBeUndefined();
    storage.failSet = undefined;
    expect(await firstValueFrom(miro.isAuthorized('u-write'))).toBe(false);
  });

  it('emits the token only after an asynchronous write has finished', async () => {
    let release!: () => void;
    const written: MiroTokenState[] = [];
    const slow: Storage = {
      get: () => undefined,
      set: (_userId, state) =>
        new Promise<void>((resolve) => {
          release = () => {
            written.push(state!);
            resolve();
          };
        }),
    };
    const miro = miroFor(server, { storage: slow });
    const login = miro.createAuthRequest();
    const callback = await server.authorize(login.url);
    let emitted: string | undefined;
    const done = firstValueFrom(miro.exchangeCodeForAccessToken('u-slow', callback, { state: login.state })).then((token) => (emitted = token));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emitted).toBeUndefined();
    expect(release).toBeTypeOf('function');
    release();
    await done;
    expect(emitted).toBe(written[0]!.accessToken);
  });

  it('refuses a stored state that is not a token state, naming the bad field', async () => {
    const miro = miroFor(server, { storage: { get: () => ({ refreshToken: 'r' }) as never, set: () => undefined } });
    const error = await failure(firstValueFrom(miro.as('u-bad').getSpecificBoard('b')));
    expect(error).toMatchObject({ name: 'MiroStorageError', action: 'get' });
    expect(error.message).toMatch(/the stored state is invalid: accessToken is missing/);
  });

  it('leaves the stored token in place when the revoke write fails', async () => {
    const storage = new SwitchableStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-revoke');
    storage.failSet = () => new Error('locked');
    const error = await failure(firstValueFrom(miro.revokeToken('u-revoke')));
    expect(error).toMatchObject({ name: 'MiroStorageError', action: 'set' });
    expect(storage.inner.get('u-revoke')).toBeDefined();
  });
});
