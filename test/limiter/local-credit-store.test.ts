import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';

const T = 1_700_000_040_000;
const LIMIT = 10_000;
const CALL = 2_000;
const stores: LocalCreditStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** Calls in flight per store: Bottleneck jobs of `CALL` credits, held until their answer is read. */
const inFlight = new Map<LocalCreditStore, (() => void)[]>();

/** A call granted and sent: a Bottleneck job takes its weight from the reservoir and holds it as running. */
async function send(store: LocalCreditStore) {
  const before = store.creditsLeft;
  void store.limiter.schedule(
    { weight: CALL },
    () => new Promise<void>((resolve) => (inFlight.get(store) ?? inFlight.set(store, []).get(store)!).push(resolve)),
  );
  await vi.waitFor(() => expect(store.creditsLeft).toBe(before - CALL));
}

/** The oldest call in flight ends: Bottleneck frees its weight. */
async function finished(store: LocalCreditStore) {
  inFlight.get(store)!.shift()!();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** A store whose window (ending at T) is known: one call answered, `LIMIT - CALL` left. */
async function openStore() {
  const store = new LocalCreditStore({ budget: LIMIT, windowMs: 2000, maxConcurrent: LIMIT });
  stores.push(store);
  await store.probe(CALL);
  await send(store);
  await store.report({ remaining: LIMIT - CALL, resetAt: T, limit: LIMIT }, CALL);
  await finished(store);
  return store;
}

/** Bottleneck's reservoir, read through its own API: the store keeps no other count. */
async function creditsLeft(store: LocalCreditStore) {
  expect(await store.limiter.currentReservoir()).toBe(store.creditsLeft);
  return store.creditsLeft;
}

describe('LocalCreditStore: answers older than what it knows', () => {
  it('an answer overtaken by a newer one gives back the credits held for its request', async () => {
    const store = await openStore(); // 8,000 left
    await send(store); // A
    await send(store); // B
    // The server handles A (6,000 left) then B (4,000 left), but B's answer is read first.
    await store.report({ remaining: 4_000, resetAt: T, limit: LIMIT }, CALL);
    await finished(store);
    // A was already counted in B's 4,000, yet is still in flight here: held back twice.
    expect(await creditsLeft(store)).toBe(2_000);
    await store.report({ remaining: 6_000, resetAt: T, limit: LIMIT }, CALL);
    await finished(store);
    expect(await creditsLeft(store)).toBe(4_000); // what the server has left, nothing in flight
  });

  it('a newer answer resyncs and gives nothing back', async () => {
    const store = await openStore();
    await send(store); // A
    await send(store); // B
    await store.report({ remaining: 6_000, resetAt: T, limit: LIMIT }, CALL); // A first: B may not be counted yet
    await finished(store);
    expect(await creditsLeft(store)).toBe(4_000);
    await store.report({ remaining: 4_000, resetAt: T, limit: LIMIT }, CALL);
    await finished(store);
    expect(await creditsLeft(store)).toBe(4_000);
  });

  it('a call answered after the local roll was charged in the window before: the new window gets its credits back', async () => {
    const store = await openStore();
    await send(store); // sent just before the reset
    await store.roll(T, 0);
    expect(await creditsLeft(store)).toBe(LIMIT - CALL); // it might land in the new window
    await store.report({ remaining: 6_000, resetAt: T, limit: LIMIT }, CALL); // it did not
    await finished(store);
    expect(await creditsLeft(store)).toBe(LIMIT);
  });

  it('credits answered after the window ended without headers are held back from the window the roll opens', async () => {
    const store = await openStore();
    await send(store); // reached the server after its reset, answered with no rate-limit headers
    await finished(store);
    await store.roll(T, CALL);
    expect(await creditsLeft(store)).toBe(LIMIT - CALL); // the server may have counted it in the new window
  });

  it('an answer of the window before, read after the new window is known, gives its credits back', async () => {
    const store = await openStore();
    await send(store); // A, charged before the reset
    await store.roll(T, 0);
    await send(store); // C, in the new window
    await store.report({ remaining: LIMIT - CALL, resetAt: T + 2000, limit: LIMIT }, CALL); // C's answer
    await finished(store);
    expect(await creditsLeft(store)).toBe(LIMIT - 2 * CALL); // A still held
    await store.report({ remaining: 6_000, resetAt: T, limit: LIMIT }, CALL); // A's answer
    await finished(store);
    expect(await creditsLeft(store)).toBe(LIMIT - CALL);
  });

  it('after a 429, stale answers never open the window before its reset', async () => {
    const store = await openStore();
    for (let n = 0; n < 3; n += 1) await send(store);
    await store.rateLimited(T, CALL);
    await finished(store);
    for (const remaining of [1_500, 1_000]) {
      await store.report({ remaining, resetAt: T, limit: LIMIT }, CALL);
      await finished(store);
      expect(await creditsLeft(store)).toBeLessThanOrEqual(0);
    }
    expect(await creditsLeft(store)).toBe(0);
  });
});

describe('LocalCreditStore: Bottleneck reservoir moved at once', () => {
  // Bottleneck's incrementReservoir is an async step with a drain through its lock; resyncs move
  // the reservoir at once instead, so no grant slips in between reading and moving it.
  const reservoirNow = (store: LocalCreditStore) =>
    (store.limiter as unknown as { _store: { storeOptions: { reservoir: number } } })._store.storeOptions.reservoir;

  it('a grant and a resync are in Bottleneck before the next line runs', async () => {
    const store = await openStore(); // 8,000 left
    await store.limiter.schedule({ weight: CALL }, async () => {
      expect(reservoirNow(store)).toBe(6_000);
      void store.report({ remaining: 7_000, resetAt: T, limit: LIMIT }, CALL);
      expect(reservoirNow(store)).toBe(7_000); // moved before the report's promise settles
    });
    expect(await creditsLeft(store)).toBe(7_000);
  });

  it('a resync that frees credits still grants a queued job', async () => {
    const store = await openStore(); // 8,000 left
    let finish: () => void = () => undefined;
    const holding = store.limiter.schedule({ weight: 8_000 }, () => new Promise<void>((resolve) => (finish = resolve)));
    await vi.waitFor(() => expect(reservoirNow(store)).toBe(0));
    const granted = store.limiter.schedule({ weight: CALL }, async () => 'sent');
    await store.report({ remaining: 2_000, resetAt: T, limit: LIMIT }, 8_000);
    await expect(granted).resolves.toBe('sent');
    finish();
    await holding;
  });
});
