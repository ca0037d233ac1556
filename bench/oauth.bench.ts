/**
 * `Miro.as(userId)` against the simulator: how many refresh requests a burst of concurrent calls
 * on an expired token makes (Miro's official Node client makes one per call, PEERS.md), and what
 * reading the token from storage on every call costs next to a plain `MiroApi` with a fixed token.
 * Run: `npm run bench oauth`. One run; counts and ratios printed, no assertion on time.
 */
import { firstValueFrom, forkJoin } from 'rxjs';
import { InMemoryStorage, Miro, MiroApi } from '../src/index.js';
import { startMiroSimulator } from '../src/simulator/index.js';

const BURST = 200;
const ROUNDS = 5;
const client = { clientId: 'bench-app', clientSecret: 'bench-secret-0123456789', redirectUri: 'http://127.0.0.1:9/cb' };
const sim = await startMiroSimulator({ oauth: { clients: [client] }, rateLimit: { budget: 100_000_000, windowMs: 60_000 } });
const board = sim.state.createBoard({ name: 'bench' });
const storage = new InMemoryStorage();
const miro = new Miro({
  ...client,
  redirectUrl: client.redirectUri,
  authBaseUrl: sim.url,
  apiBaseUrl: sim.url,
  storage,
  api: { scimBaseUrl: `${sim.url}/scim`, rateLimit: false, retry: false },
});
const login = miro.createAuthRequest();
const consent = await fetch(login.url, { redirect: 'manual' });
const accessToken = await firstValueFrom(miro.exchangeCodeForAccessToken('bench-user', consent.headers.get('location')!, { state: login.state }));
const plain = new MiroApi(accessToken, { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, rateLimit: false, retry: false });
const asUser = miro.as('bench-user');
const tokenRequests = () => sim.requestLog.filter((entry) => entry.operationId === 'oauth-token').length;

async function burst(api: MiroApi): Promise<number> {
  const started = performance.now();
  await firstValueFrom(forkJoin(Array.from({ length: BURST }, () => api.getSpecificBoard(board.id))));
  return performance.now() - started;
}

await burst(plain); // warm-up: connections, JIT
await burst(asUser);
const times = { plain: 0, asUser: 0, expired: 0 };
let refreshes = 0;
for (let round = 0; round < ROUNDS; round++) {
  times.plain += await burst(plain);
  times.asUser += await burst(asUser);
  storage.set('bench-user', { ...storage.get('bench-user')!, expiresAt: 0 });
  const before = tokenRequests();
  times.expired += await burst(asUser);
  refreshes += tokenRequests() - before;
  sim.clearLog();
}
const calls = BURST * ROUNDS;
console.log(`${ROUNDS} bursts of ${BURST} concurrent calls on an expired token: ${refreshes} refresh request(s) in all (${refreshes / ROUNDS} per burst)`);
console.log(`plain MiroApi, fixed token:        ${(calls / (times.plain / 1000)).toFixed(0)} calls/s`);
console.log(`Miro.as(user), token from storage: ${(calls / (times.asUser / 1000)).toFixed(0)} calls/s (${(times.asUser / times.plain).toFixed(2)}x the time)`);
console.log(
  `Miro.as(user), expired token:      ${(calls / (times.expired / 1000)).toFixed(0)} calls/s (${(times.expired / times.plain).toFixed(2)}x the time, one refresh inside each burst)`,
);
await sim.close();
