import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { type Received, hostileAdapter } from './support/hostile-adapter.js';
import { type HostileAnswer, hostileAnswer, SECRET_TOKEN } from './support/hostile-answer.js';
import { failureProblem, watchProcess, withinDeadline } from './support/hostile-checks.js';

// Issue 23: generated hostile answers thrown at the engine through an adapter on the client's
// own axios instance (`client.axios`), so every attempt passes axios, axios-retry and the limiter.
// MIRO_RX_HOSTILE_ANSWERS sets how many answers at least (default 10,000).

const TARGET = Math.max(1, Number(process.env.MIRO_RX_HOSTILE_ANSWERS ?? 10_000));
const TIMEOUT_MS = 25;
const MAX_BYTES = 512;
const RETRY = { retries: 2, minDelayMs: 1, maxDelayMs: 4, maxRateLimitWaitMs: 30 };
const RATE_LIMIT = { windowMs: 300, maxWaitMs: 80, resetMarginMs: 5 };
// Per attempt: a wait for credits, the attempt's timeout; between attempts, the longest delay.
const BOUND_MS = (RETRY.retries + 1) * (TIMEOUT_MS + RATE_LIMIT.maxWaitMs) + RETRY.retries * RETRY.maxRateLimitWaitMs;
// Timers fire late on a loaded 2-core machine (hundreds of calls run at once here): the slack
// absorbs that; a call that never ends, or waits out a nonsense header, is what this catches.
const SLACK_MS = 3_000;

const process$ = watchProcess();
const stats = { answers: 0, calls: 0, successes: 0, failures: new Map<string, number>(), slowestMs: 0 };
let batchNumber = 0;

beforeAll(() => process$.start());
// Closed once at the end: closing shared limiters would fail the calls of the batches running beside.
afterAll(async () => {
  process$.stop();
  await closeSharedCreditLimiters();
});

const script = fc.array(hostileAnswer(MAX_BYTES, TIMEOUT_MS), { minLength: 1, maxLength: RETRY.retries + 1 });
const batch = fc.array(script, { minLength: 1, maxLength: 100 });

/** Why a success is wrong: it must be the parsed body of the 2xx answer the last attempt got. */
function successProblem(value: unknown, answer: HostileAnswer | undefined): string | undefined {
  if (answer?.behaviour !== 'answer' || !(answer.status >= 200 && answer.status < 300)) return `success from ${JSON.stringify(answer)}`;
  const type = String(answer.headers['content-type']);
  const text = answer.body.kind === 'json' ? answer.body.json.text : answer.body.kind === 'text' ? answer.body.text : '';
  // get-specific-board always answers with a board (successMayBeEmpty false): an empty 2xx, a
  // 204 included, fails whatever its content type (transport/response-body.ts).
  if (answer.status === 204 || text === '') return `empty ${answer.status} (${type}) became ${JSON.stringify(value)}`;
  if (text.length > MAX_BYTES) return `a body of ${text.length} characters passed a cap of ${MAX_BYTES}`;
  let expected: unknown;
  try {
    expected = answer.body.kind === 'json' ? answer.body.json.expected : JSON.parse(text);
  } catch {
    return `a success from a body that is not JSON: ${JSON.stringify(text)}`;
  }
  if (answer.body.kind === 'text' && /\d{16}/.test(text)) return undefined; // a cut body: no oracle for its int64s
  try {
    expect(value).toEqual(expected);
  } catch {
    return `${text} became ${JSON.stringify(value)}, expected ${JSON.stringify(expected)}`;
  }
  return undefined;
}

async function throwBatch(scripts: HostileAnswer[][]): Promise<void> {
  batchNumber += 1;
  const boards = new Map(scripts.map((answers, index) => [`b${index}`, answers]));
  const received: Received[] = [];
  const api = new MiroApi(SECRET_TOKEN, {
    baseUrl: 'http://127.0.0.1:9',
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: MAX_BYTES,
    retry: RETRY,
    rateLimit: { ...RATE_LIMIT, key: `hostile-${batchNumber}` },
  });
  api.client.axios.defaults.adapter = hostileAdapter(boards, received);
  {
    const outcomes = await Promise.all([...boards.keys()].map((board) => withinDeadline(firstValueFrom(api.getSpecificBoard(board)), BOUND_MS + SLACK_MS)));
    stats.answers += received.length;
    stats.calls += outcomes.length;
    for (const [index, outcome] of outcomes.entries()) {
      const board = `b${index}`;
      stats.slowestMs = Math.max(stats.slowestMs, outcome.ms);
      if (outcome.overdue) throw new Error(`${board} still running after ${outcome.ms} ms (bound ${BOUND_MS} ms)`);
      const attempts = received.filter((entry) => entry.board === board);
      if (attempts.length > RETRY.retries + 1) throw new Error(`${board}: ${attempts.length} attempts`);
      if (attempts.some((entry) => entry.authorization !== `Bearer ${SECRET_TOKEN}`)) throw new Error(`${board}: an attempt went without the token`);
      if ('error' in outcome) {
        const problem = failureProblem(outcome.error, board);
        if (problem) throw new Error(`${board}: ${problem}`);
        const name = (outcome.error as Error).name;
        stats.failures.set(name, (stats.failures.get(name) ?? 0) + 1);
      } else {
        const answers = boards.get(board) ?? [];
        const problem = successProblem(outcome.value, answers[Math.min(attempts.length, answers.length) - 1]);
        if (problem) throw new Error(`${board}: ${problem}`);
        stats.successes += 1;
      }
    }
  }
  if (process$.fired.length > 0) throw new Error(`the process saw ${process$.fired.length} unhandled failure(s): ${String(process$.fired[0])}`);
}

describe('hostile answers through the axios adapter', () => {
  it(`never crash, never outlive the call's bound, fail as MiroError without the token, succeed with the exact body (${TARGET}+ answers)`, async () => {
    // Most of a batch's time is spent waiting (timeouts, delays, credits): a few batches run side by side.
    const loop = async () => {
      while (stats.answers < TARGET) await fc.assert(fc.asyncProperty(batch, throwBatch), { numRuns: 5 });
    };
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: 6 }, loop));
    const cpuMs = Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 100)); // timers that outlive a call fire here
    expect(process$.fired).toEqual([]);
    expect(stats.answers).toBeGreaterThanOrEqual(TARGET);
    // Both outcomes occur in bulk: the generator is not degenerate.
    expect(stats.successes).toBeGreaterThan(stats.calls / 20);
    expect(stats.calls - stats.successes).toBeGreaterThan(stats.calls / 20);
    console.info(
      `hostile answers: ${stats.answers} answers, ${stats.calls} calls, ${stats.successes} successes, slowest ${stats.slowestMs} ms, ${cpuMs} ms CPU`,
      Object.fromEntries(stats.failures),
    );
  }, 180_000);
});
