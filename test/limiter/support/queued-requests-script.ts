// Child process for process-liveness.test.ts: sends more reads than one window allows and
// holds nothing else open, so only the limiter's window timer can keep this process alive.
import { lastValueFrom, merge, toArray } from 'rxjs';
import { MiroApi } from '../../../src/index.js';

const [url, boardId, count] = process.argv.slice(2) as [string, string, string];
const api = new MiroApi('liveness-token', {
  baseUrl: url,
  scimBaseUrl: `${url}/scim`,
  rateLimit: { budget: 500, windowMs: 1_000, resetMarginMs: 20 },
});
const boards = await lastValueFrom(merge(...Array.from({ length: Number(count) }, () => api.getSpecificBoard(boardId))).pipe(toArray()));
console.log(`done ${boards.length}`);
