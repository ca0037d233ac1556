/** The token read before each attempt: every kind of source, and one that never answers. */
import { EMPTY, NEVER, Observable, of, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { readAccessToken } from '../../src/http/access-token.js';
import { MiroAccessTokenError } from '../../src/errors/call-errors.js';

const timedOut = () => new Error('timed out');
const reason = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof MiroAccessTokenError ? error.reason : (error as Error).message),
  );

describe('readAccessToken', () => {
  it('reads a string, a function of one, a promise and an Observable', async () => {
    expect(await readAccessToken('t1', 0, timedOut)).toBe('t1');
    expect(await readAccessToken(() => 't2', 0, timedOut)).toBe('t2');
    expect(await readAccessToken(() => Promise.resolve('t3'), 0, timedOut)).toBe('t3');
    expect(await readAccessToken(() => of('t4', 'ignored'), 0, timedOut)).toBe('t4');
  });

  it('asks a function again on every read', async () => {
    let n = 0;
    const source = () => `t${++n}`;
    expect([await readAccessToken(source, 0, timedOut), await readAccessToken(source, 0, timedOut)]).toEqual(['t1', 't2']);
  });

  it('takes an Observable first value and unsubscribes at once, also when it answers while subscribing', async () => {
    let active = 0;
    const counted = (emit: (s: { next: (v: string) => void }) => void) =>
      new Observable<string>((subscriber) => {
        active += 1;
        emit(subscriber);
        return () => (active -= 1);
      });
    expect(await readAccessToken(() => counted((s) => s.next('sync')), 0, timedOut)).toBe('sync');
    const later = new Subject<string>();
    const read = readAccessToken(() => later, 0, timedOut);
    expect(later.observed).toBe(true);
    later.next('async');
    expect(await read).toBe('async');
    expect(later.observed).toBe(false);
    expect(active).toBe(0);
  });

  it('names why a source gave no token', async () => {
    expect(await reason(readAccessToken('', 0, timedOut))).toBe('empty-token');
    expect(await reason(readAccessToken(() => '  ', 0, timedOut))).toBe('empty-token');
    expect(await reason(readAccessToken(() => 42 as unknown as string, 0, timedOut))).toBe('empty-token');
    expect(await reason(readAccessToken(() => EMPTY, 0, timedOut))).toBe('completed-empty');
    expect(await reason(readAccessToken(() => Promise.reject(new Error('storage down')), 0, timedOut))).toBe('threw');
    expect(
      await reason(
        readAccessToken(
          () => {
            throw new Error('no session');
          },
          0,
          timedOut,
        ),
      ),
    ).toBe('threw');
  });

  it('gives up on a source that never answers after timeoutMs, and lets go of it', async () => {
    const hung = new Subject<string>();
    const started = Date.now();
    expect(await reason(readAccessToken(() => hung, 30, timedOut))).toBe('timed out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(hung.observed).toBe(false);
    expect(await reason(readAccessToken(() => new Promise<string>(() => undefined), 30, timedOut))).toBe('timed out');
    expect(await reason(readAccessToken(() => NEVER, 30, timedOut))).toBe('timed out');
  });
});
