/** Counts of one kind of thing the migration copies. */
export interface CopyCounts {
  /** Read from the source. */
  read: number;
  /** Created on the target by this run. */
  created: number;
  /** Found on the target already made by an earlier, interrupted run, and recorded. */
  adopted: number;
  /** Recorded in the journal by an earlier run: nothing to do. */
  done: number;
  /** Cannot be copied (type the REST API does not create, connector to such an item). */
  unsupported: number;
}

const counts = (): CopyCounts => ({ read: 0, created: 0, adopted: 0, done: 0, unsupported: 0 });

/** Everything a run counts, for the progress bar and the summary. */
export class RunStats {
  readonly items = counts();
  readonly tags = counts();
  readonly attachments = counts();
  readonly connectors = counts();
  /** Source ids (prefixed by kind) not copied yet, with why; cleared when a later pass copies them. */
  readonly failures = new Map<string, string>();
  /** Items on the target that neither the journal nor reconciliation accounts for. */
  unrecognisedOnTarget = 0;
  /** Number of items on the source, once the first page says. */
  sourceTotal?: number;
  /** Some call failed in a way (network, 5xx) after which Miro may have acted: a reconciling pass helps. */
  retryable = false;
  /** The pass under way: 1, then one per reconciling pass. */
  pass = 0;
  #passes = 0;
  #phase = 'starting';
  #phaseStartedAt = Date.now();
  #settledAtPhaseStart = 0;
  /** What a later pass retries (the failures the pass before left), and those it has dealt with. */
  #retrying = new Set<string>();
  #retried = new Set<string>();
  requests = 0;
  credits = 0;
  readonly startedAt = Date.now();

  /**
   * Starts a pass. A later pass re-reads everything: what earlier passes created or adopted it
   * finds in the journal and counts as done, so `done` starts below zero by that much and ends
   * at what earlier runs did; `created` and `adopted` carry over.
   */
  resetPass(): void {
    this.#passes += 1;
    if (this.#passes === 1) return;
    this.#retrying = new Set(this.failures.keys());
    this.#retried = new Set();
    for (const kind of [this.items, this.tags, this.attachments, this.connectors]) {
      kind.read = 0;
      kind.unsupported = 0;
      kind.done = -(kind.created + kind.adopted);
    }
  }

  /** The phase under way; setting it starts the clock its time left is measured on. */
  get phase(): string {
    return this.#phase;
  }

  set phase(phase: string) {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.#phaseStartedAt = Date.now();
    this.#settledAtPhaseStart = this.itemsSettled;
  }

  /** Time in the current phase, and items settled in it: the rate its time left is computed from. */
  get phaseProgress(): { elapsedMs: number; settled: number } {
    return { elapsedMs: Date.now() - this.#phaseStartedAt, settled: this.itemsSettled - this.#settledAtPhaseStart };
  }

  /** In a later pass: what it retries, and how many of those it has settled (copied, or failed again). */
  get retries(): { settled: number; total: number } | undefined {
    return this.#passes > 1 ? { settled: this.#retried.size, total: this.#retrying.size } : undefined;
  }

  fail(key: string, reason: string): void {
    this.failures.set(key, reason);
    if (this.#retrying.has(key)) this.#retried.add(key);
  }

  succeed(key: string): void {
    this.failures.delete(key);
    if (this.#retrying.has(key)) this.#retried.add(key);
  }

  /** Items dealt with one way or another: what the progress bar counts. */
  get itemsSettled(): number {
    const { created, adopted, done, unsupported } = this.items;
    return created + adopted + done + unsupported + [...this.failures.keys()].filter((key) => key.startsWith('item:')).length;
  }

  get elapsedMs(): number {
    return Date.now() - this.startedAt;
  }
}
