/**
 * One process of the cluster test: spends a shared budget through Redis and prints one line per
 * answer, then a JSON summary. Run with `node --import tsx`.
 * Arguments: redisPort simulatorUrl token boardId itemId requests budget windowMs
 */
import { catchError, lastValueFrom, merge, of, tap, type Observable } from 'rxjs';
import '../../../src/node/index.js';
import { MiroApi, type MiroError } from '../../../src/index.js';
import { closeSharedCreditLimiters } from '../../../src/limiter/shared-credit-limiters.js';

const [redisPort, url, token, boardId, itemId, requests, budget, windowMs] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
console.log(`boot ${Math.round(performance.now())}`);
const api = new MiroApi(token, {
  baseUrl: url,
  scimBaseUrl: `${url}/scim`,
  timeoutMs: 5_000,
  rateLimit: { budget: Number(budget), windowMs: Number(windowMs), resetMarginMs: 20, redis: { port: Number(redisPort), host: '127.0.0.1' } },
  retry: { minDelayMs: 5, maxDelayMs: 50 },
});

let done = 0;
let failed = 0;
const calls = Array.from({ length: Number(requests) }, (_, i) =>
  (
    (i % 3 === 0
      ? api.getItems(boardId, { limit: 50 })
      : i % 3 === 1
        ? api.getSpecificBoard(boardId)
        : api.getSpecificItem(boardId, itemId)) as Observable<unknown>
  ).pipe(
    tap(() => console.log(`done ${++done}`)),
    catchError((error: MiroError) => {
      failed += 1;
      console.log(`failed ${error.message}`);
      return of(undefined);
    }),
  ),
);
await lastValueFrom(merge(...calls, 16), { defaultValue: undefined });
const state = await new Promise((resolve) => api.rateLimitState$.subscribe(resolve).unsubscribe());
console.log(JSON.stringify({ done, failed, state }));
await closeSharedCreditLimiters();
process.exit(0);
