import { type Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BoardJobData, BoardJobProgress, BoardJobResult } from './board-job.js';

export type BoardState = 'waiting' | 'running' | 'done' | 'failed';

/** What the CLI knows of one of its boards. */
export interface TrackedBoard {
  id: string;
  state: BoardState;
  progress?: BoardJobProgress;
  result?: BoardJobResult;
  reason?: string;
}

/** How often the tracker asks Redis for the state of unfinished jobs, in case an event was missed. */
const RECONCILE_MS = 2_000;

/**
 * Follows the CLI's jobs through the queue's events (`QueueEvents`: active, progress, completed,
 * failed, waiting, delayed), with a periodic look at jobs not yet finished so that one that
 * finished before the CLI listened (a second enqueue of a copied board) is seen too.
 */
export class FleetTracker {
  readonly boards = new Map<string, TrackedBoard>();
  readonly #events: QueueEvents;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: Queue<BoardJobData, BoardJobResult>,
    connection: Redis,
    ids: readonly string[],
  ) {
    for (const id of ids) this.boards.set(id, { id, state: 'waiting' });
    this.#events = new QueueEvents(queue.name, { connection: connection.duplicate() });
    const on = (id: string, change: (board: TrackedBoard) => void) => {
      const board = this.boards.get(id);
      if (board && board.state !== 'done') change(board);
    };
    this.#events.on('active', ({ jobId }) => on(jobId, (board) => (board.state = 'running')));
    this.#events.on('waiting', ({ jobId }) => on(jobId, (board) => (board.state = 'waiting')));
    this.#events.on('delayed', ({ jobId }) => on(jobId, (board) => (board.state = 'waiting')));
    this.#events.on('progress', ({ jobId, data }) => on(jobId, (board) => (board.progress = data as unknown as BoardJobProgress)));
    // The event carries the result as text: the job itself has it parsed, with the failure's reason.
    const refresh = ({ jobId }: { jobId: string }) => on(jobId, () => void this.#refresh(jobId).catch(() => undefined));
    this.#events.on('completed', refresh);
    this.#events.on('failed', refresh);
  }

  /** Starts listening; resolves once the events stream is connected. */
  async start(): Promise<void> {
    await this.#events.waitUntilReady();
    await this.reconcile();
    this.#timer = setInterval(() => void this.reconcile().catch(() => undefined), RECONCILE_MS);
  }

  count(state: BoardState): number {
    let n = 0;
    for (const board of this.boards.values()) if (board.state === state) n += 1;
    return n;
  }

  get finished(): boolean {
    return this.count('done') + this.count('failed') === this.boards.size;
  }

  /** Reads the state of every job not finished yet. */
  async reconcile(): Promise<void> {
    await Promise.all([...this.boards.values()].filter((board) => board.state !== 'done' && board.state !== 'failed').map((board) => this.#refresh(board.id)));
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#events.close();
  }

  async #refresh(id: string): Promise<void> {
    const board = this.boards.get(id);
    if (!board) return;
    // The state first: a job read before it finished would have no result yet.
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job) return;
    if (state === 'completed') Object.assign(board, { state: 'done', result: job.returnvalue });
    else if (state === 'failed') Object.assign(board, { state: 'failed', reason: job.failedReason });
    else if (state === 'active') board.state = 'running';
    else board.state = 'waiting';
  }
}
