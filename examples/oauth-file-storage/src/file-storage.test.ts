import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Miro, MiroStorageError, type MiroTokenState } from '../../../src/index.js';
import { type MiroSimulator, startMiroSimulator } from '../../../src/simulator/index.js';
import { FileStorage } from './file-storage.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'miro-rx-file-storage-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const state = (n: number): MiroTokenState => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresAt: 1_800_000_000_000 + n,
  userId: `miro-${n}`,
  teamId: 'team',
  scope: 'boards:read',
});

describe('FileStorage', () => {
  it('stores, reads back, replaces and deletes, across instances', async () => {
    const path = join(directory, 'round-trip.json');
    const storage = new FileStorage(path);
    expect(await storage.get('a')).toBeUndefined();
    await storage.set('a', state(1));
    await storage.set('b', state(2));
    expect(await new FileStorage(path).get('a')).toEqual(state(1));
    await storage.set('a', state(3));
    await storage.set('b', undefined);
    const reopened = new FileStorage(path);
    expect(await reopened.get('a')).toEqual(state(3));
    expect(await reopened.get('b')).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('loses no update when 100 writes are in flight at once', async () => {
    const path = join(directory, 'concurrent.json');
    const storage = new FileStorage(path);
    await Promise.all(Array.from({ length: 100 }, (_, i) => storage.set(`user-${i}`, state(i))));
    const users = JSON.parse(await readFile(path, 'utf8')).users as Record<string, MiroTokenState>;
    expect(Object.keys(users)).toHaveLength(100);
    expect(users['user-57']).toEqual(state(57));
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('never shows a reader half a file while writes replace it', async () => {
    const path = join(directory, 'atomic.json');
    const storage = new FileStorage(path);
    await storage.set('seed', state(0));
    let writing = true;
    const writes = (async () => {
      for (let i = 0; i < 60; i++) await storage.set(`user-${i % 7}`, { ...state(i), scope: 'x'.repeat(2000 + i) });
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const text = await readFile(path, 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      reads += 1;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
  });

  it('leaves the old file in place when a write fails, and keeps working afterwards', async () => {
    const path = join(directory, 'failing.json');
    const storage = new FileStorage(path);
    await storage.set('a', state(1));
    const before = await readFile(path, 'utf8');
    // A state that cannot be written (JSON has no BigInt) fails before anything touches the disk.
    await expect(storage.set('b', { ...state(2), expiresAt: 1n as unknown as number })).rejects.toThrow(/BigInt/);
    expect(await readFile(path, 'utf8')).toBe(before);
    await storage.set('c', state(3));
    expect(await storage.get('c')).toEqual(state(3));

    const nowhere = new FileStorage(join(directory, 'failing.json', 'inside-a-file.json'));
    await expect(nowhere.set('a', state(1))).rejects.toThrow(/ENOTDIR/);
    expect(await readFile(path, 'utf8')).toContain('"c"');
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('names a corrupt file without quoting it', async () => {
    const path = join(directory, 'corrupt.json');
    await writeFile(path, '{"version":1,"users":{"a":{"accessToken":"secret-token-in-file"');
    const error = await new FileStorage(path).get('a').catch((e: Error) => e);
    expect(String(error)).toContain(`${path} is not valid JSON`);
    expect(String(error)).not.toContain('secret-token-in-file');
  });
});

describe('FileStorage behind Miro', () => {
  let sim: MiroSimulator;
  const client = { clientId: 'file-app', clientSecret: 'file-secret-0123456', redirectUri: 'http://127.0.0.1:9/cb' };
  beforeAll(async () => {
    sim = await startMiroSimulator({ oauth: { clients: [client] } });
  });
  afterAll(() => sim.close());
  const miroWith = (storage: FileStorage) =>
    new Miro({ ...client, redirectUrl: client.redirectUri, authBaseUrl: sim.url, apiBaseUrl: sim.url, storage, api: { scimBaseUrl: `${sim.url}/scim` } });

  it('keeps a user authorised across a restart, and reports a write it cannot make', async () => {
    const path = join(directory, 'miro.json');
    const first = miroWith(new FileStorage(path));
    const login = first.createAuthRequest();
    const consent = await fetch(login.url, { redirect: 'manual' });
    await firstValueFrom(first.exchangeCodeForAccessToken('alice', consent.headers.get('location')!, { state: login.state }));

    const restarted = miroWith(new FileStorage(path)); // a new process, say
    const board = sim.state.createBoard({ name: 'Persisted' });
    expect((await firstValueFrom(restarted.as('alice').getSpecificBoard(board.id))).name).toBe('Persisted');

    const broken = miroWith(new FileStorage(join(path, 'not-a-directory.json')));
    const secondLogin = broken.createAuthRequest();
    const again = await fetch(secondLogin.url, { redirect: 'manual' });
    const error = await firstValueFrom(broken.exchangeCodeForAccessToken('bob', again.headers.get('location')!, { state: secondLogin.state })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MiroStorageError);
    expect((error as Error).message).toMatch(/could not write the tokens of user bob/);
  });
});
