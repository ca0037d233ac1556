import Bottleneck from 'bottleneck';
import type { CreditStore, CreditStoreConfig } from '../credit-store.js';
import { UNKNOWN_WINDOW, type CreditReport, type CreditWindow } from '../credit-window.js';
import { controlQueue, dropQueuedJob, recreateRedisBudget, redisClientId } from '../bottleneck-queue-control.js';
import type { RedisConnectionOption } from '../rate-limit-options.js';
import { acquireRedisConnection, releaseRedisConnection, type ConnectionHandle } from './redis-connections.js';
import { REDIS_CREDIT_SCRIPT } from './redis-credit-script.js';
import { beatWhileQueued, HEARTBEAT_MS } from './redis-heartbeat.js';

type RedisCreditStoreConfig = CreditStoreConfig & { id: string; redis: RedisConnectionOption; idleMs?: number };

/**
 * One budget shared by every process (and machine) that uses the same limiter id, through
 * Bottleneck's ioredis datastore. A capacity change only reaches other processes when someone
 * talks to Redis, so while calls are queued the budget beats every 250 ms (Bottleneck's default,
 * 5 s, used 38% of a 2 s window in measurements), from the process's one heartbeat timer
 * (redis-heartbeat.ts). Every budget of the process shares one connection (redis-connections.ts);
 * a released budget's keys expire in Redis after `idleMs` unused.
 */
export class RedisCreditStore implements CreditStore {
  readonly limiter: Bottleneck;
  #window: CreditWindow = UNKNOWN_WINDOW;
  #creditsLeft = 0;
  readonly #connection: ConnectionHandle;
  readonly #settingsKey: string;
  readonly #queuedKey: string;
  readonly #stopBeating: () => void;
  #ready = false;
  #broken = false;

  constructor(private readonly config: RedisCreditStoreConfig) {
    const connection = acquireRedisConnection(config.redis);
    this.#connection = connection as unknown as ConnectionHandle;
    this.limiter = new Bottleneck({
      id: config.id,
      datastore: 'ioredis',
      connection,
      // Closed until an answer tells the window; only applies when this process creates the budget.
      reservoir: 0,
      maxConcurrent: config.maxConcurrent,
      heartbeatInterval: HEARTBEAT_MS,
      clearDatastore: false,
      // Redis forgets a budget no process has touched for this long (Bottleneck's key expiry,
      // renewed by each job). Two windows beyond the idle time: a job may wait a whole window.
      ...(config.idleMs ? { timeout: Math.ceil(config.idleMs + 2 * config.windowMs) } : {}),
    } as Bottleneck.ConstructorOptions);
    // Errors reach the requests through their own paths; keep Bottleneck's emitter from throwing.
    this.limiter.on('error', () => undefined);
    controlQueue(this.limiter, () => this.#creditsLeft, false);
    this.#stopBeating = beatWhileQueued(this.limiter);
    // Also the handler that keeps a handshake failing for good (Redis down) from going unhandled.
    this.limiter.ready().then(
      () => (this.#ready = true),
      () => (this.#broken = true),
    );
    this.#settingsKey = `b_${config.id}_settings`;
    this.#queuedKey = `b_${config.id}_client_num_queued`;
  }

  /** Bottleneck never retries a failed handshake (Redis down past ioredis's retries): every job would fail. */
  get broken(): boolean {
    return this.#broken;
  }

  get window(): CreditWindow {
    return this.#window;
  }

  get creditsLeft(): number {
    return this.#creditsLeft;
  }

  report(report: CreditReport, reporterWeight: number): Promise<void> {
    return this.#run('report', report.remaining, report.resetAt, report.limit, reporterWeight);
  }

  rateLimited(resetAt: number, reporterWeight: number): Promise<void> {
    return this.#run('limited', resetAt, 0, 0, reporterWeight);
  }

  roll(dueAt: number, lateCredits: number): Promise<void> {
    // Held back as if still in flight (the script subtracts `running - reporter`). Only the
    // process whose roll opens the window holds its late credits back; others' are not known.
    return this.#run('roll', dueAt, this.config.windowMs, 0, -lateCredits);
  }

  probe(weight: number): Promise<void> {
    return this.#run('probe', weight, 0, 0, 0);
  }

  async refund(weight: number): Promise<void> {
    await this.limiter.incrementReservoir(weight);
  }

  async dropQueued(jobId: string): Promise<boolean> {
    const dropped = await dropQueuedJob(this.limiter, jobId);
    if (dropped) {
      // Redis counts this process's queued jobs (it picks who gets new capacity): one fewer now.
      await this.#connection.client.hincrby(this.#queuedKey, redisClientId(this.limiter), -1);
    }
    return dropped;
  }

  async close(): Promise<void> {
    this.#stopBeating();
    // Leaving stops Bottleneck's timers and unsubscribes (redis-channels.ts). A handshake still
    // pending (Redis down) may never end: leave once it does, without waiting for it here.
    const leave = () => Promise.resolve(this.limiter.disconnect(true)).catch(() => undefined);
    if (this.#ready) await leave();
    else void this.limiter.ready().then(leave, () => undefined);
    await releaseRedisConnection(this.config.redis);
  }

  async #run(mode: string, a: number, b: number, c: number, reporter: number): Promise<void> {
    await this.limiter.ready();
    let answer = await this.#eval(mode, a, b, c, reporter);
    if (answer[2] === 'missing') {
      // Redis restarted (or evicted the budget). Bottleneck re-creates its keys only when a job
      // is submitted, never from its heartbeat, so jobs already queued would wait for ever:
      // re-create them here (closed, as a new budget), tell Redis what this process has queued,
      // and apply the change to the new budget.
      await recreateRedisBudget(this.limiter);
      answer = await this.#eval(mode, a, b, c, reporter);
    }
    const [confirmed, estimated, reservoir] = answer;
    this.#window = confirmed || estimated ? { confirmedResetAt: confirmed, estimatedResetAt: estimated || undefined, minRemaining: 0 } : UNKNOWN_WINDOW;
    if (reservoir !== 'none' && reservoir !== 'missing') {
      this.#creditsLeft = Number(reservoir);
      // Wakes every process: Bottleneck's tick publishes the new capacity to their queues.
      await this.limiter.incrementReservoir(0);
    }
  }

  async #eval(mode: string, a: number, b: number, c: number, reporter: number): Promise<[number, number, string]> {
    const follow = this.config.followServer ? 1 : 0;
    return (await this.#connection.client.eval(REDIS_CREDIT_SCRIPT, 1, this.#settingsKey, mode, a, b, c, this.config.budget, reporter, follow)) as [
      number,
      number,
      string,
    ];
  }
}

/** Builds the Redis store for `rateLimit.redis`. */
export function createRedisCreditStore(config: RedisCreditStoreConfig): CreditStore {
  return new RedisCreditStore(config);
}
