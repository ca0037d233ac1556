import { randomBytes } from 'node:crypto';

/** The commands of an ioredis client the lock uses. */
export interface LockClient {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

// Taking the lock again with the same owner succeeds: an attempt whose reply was lost (Redis
// restarted just after it) is retried without locking the user out until the expiry.
const ACQUIRE = `local held = redis.call('GET', KEYS[1])
if held == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if held == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
// Renew and release touch the lock only while it is still this owner's.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const FIRST_RETRY_MS = 10;
const MAX_RETRY_MS = 200;

/** Settings of one attempt to take a lock. */
export interface LockAttempt {
  /** The lock expires this long after it was taken or last renewed. */
  ttlMs: number;
  /** Give up after this long. */
  waitMs: number;
  signal?: AbortSignal;
}

/**
 * A Redis lock held by one owner (a random value only this process knows). It expires `ttlMs`
 * after it was last renewed, and renews itself every third of that while held, so a refresh
 * slower than `ttlMs` keeps it while a holder that died (or stalled) loses it within `ttlMs`.
 */
export class RedisLock {
  #renewal: ReturnType<typeof setInterval> | undefined;
  #held = true;

  private constructor(
    private readonly client: LockClient,
    readonly key: string,
    readonly owner: string,
    private readonly ttlMs: number,
  ) {
    this.#renewal = setInterval(() => void this.#renew(), Math.max(1, Math.floor(ttlMs / 3)));
    this.#renewal.unref?.();
  }

  /** Takes the lock, retrying with backoff while another owner holds it or Redis fails; rejects after `waitMs`. */
  static async acquire(client: LockClient, key: string, attempt: LockAttempt): Promise<RedisLock> {
    const owner = randomBytes(16).toString('base64url');
    const deadline = Date.now() + attempt.waitMs;
    let retryMs = FIRST_RETRY_MS;
    let problem: string | undefined;
    for (;;) {
      if (attempt.signal?.aborted) throw new Error('gave up waiting for the lock');
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`the lock was not free within ${attempt.waitMs} ms: ${problem ?? 'Redis did not answer'}`);
      const outcome = await settleWithin(
        client.eval(ACQUIRE, 1, key, owner, attempt.ttlMs).then((reply) => reply === 1),
        remaining,
        attempt.signal,
        // Taken after this process stopped waiting: give it straight back.
        (taken) => taken && void release(client, key, owner),
      );
      if (outcome === true) return new RedisLock(client, key, owner, attempt.ttlMs);
      if (outcome instanceof Error) problem = `Redis failed (${outcome.message.slice(0, 200)})`;
      else if (outcome === false) problem = 'another process held it';
      // Cut short by the deadline: the reason is the one seen before, if any.
      else problem ??= 'Redis did not answer';
      const pause = Math.min(retryMs * (0.5 + Math.random()), Math.max(0, deadline - Date.now()));
      await new Promise((resolve) => setTimeout(resolve, pause));
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  /** False once the lock was released, or found to belong to someone else (it had expired). */
  get held(): boolean {
    return this.#held;
  }

  /** Deletes the lock if it is still this owner's; stops renewing it in any case. */
  async release(): Promise<void> {
    this.#stop();
    await release(this.client, this.key, this.owner);
  }

  async #renew(): Promise<void> {
    try {
      if ((await this.client.eval(RENEW, 1, this.key, this.owner, this.ttlMs)) !== 1) this.#stop();
    } catch {
      // Redis unreachable: the next tick tries again; past ttlMs the lock has expired anyway.
    }
  }

  #stop(): void {
    this.#held = false;
    clearInterval(this.#renewal);
  }
}

async function release(client: LockClient, key: string, owner: string): Promise<void> {
  await client.eval(RELEASE, 1, key, owner);
}

/**
 * The attempt's result, its error, or 'gave-up' when `ms` pass or the signal aborts first; a
 * result arriving after that goes to `late`.
 */
function settleWithin<T>(attempt: Promise<T>, ms: number, signal: AbortSignal | undefined, late: (value: T) => unknown): Promise<T | Error | 'gave-up'> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (value: T | Error | 'gave-up') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abandon);
      resolve(value);
    };
    const abandon = () => finish('gave-up');
    const timer = setTimeout(abandon, ms);
    signal?.addEventListener('abort', abandon, { once: true });
    attempt.then(
      (value) => (settled ? late(value) : finish(value)),
      (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
    );
  });
}
