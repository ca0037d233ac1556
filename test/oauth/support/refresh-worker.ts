/**
 * One process of the cross-process refresh test: a `Miro` on a `RedisTokenStorage`. For each
 * line `<userId> <boardId>` on stdin it makes one call as that user and prints one JSON line:
 * whether the call worked, and a digest of the state Redis holds then (no token in the output).
 * Run with plain `node` once bundled. Arguments: redisPort simulatorUrl clientId clientSecret redirectUri
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { firstValueFrom } from 'rxjs';
import { Miro } from '../../../src/index.js';
import { RedisTokenStorage } from '../../../src/node/index.js';

const [port, url, clientId, clientSecret, redirectUrl] = process.argv.slice(2) as [string, string, string, string, string];
const digest = (text: string | undefined) =>
  createHash('sha256')
    .update(text ?? '')
    .digest('hex')
    .slice(0, 16);

const storage = new RedisTokenStorage({ redis: { port: Number(port), host: '127.0.0.1' } });
const miro = new Miro({
  clientId,
  clientSecret,
  redirectUrl,
  authBaseUrl: url,
  apiBaseUrl: url,
  storage,
  api: { scimBaseUrl: `${url}/scim`, rateLimit: false, timeoutMs: 10_000 },
});
// Connected before the first round, so that the processes race from its line, not from start-up.
await storage.get('warm-up');
console.log('ready');

for await (const line of createInterface({ input: process.stdin })) {
  const [userId, boardId] = line.split(' ') as [string, string];
  let outcome: Record<string, unknown>;
  try {
    await firstValueFrom(miro.as(userId).getSpecificBoard(boardId));
    outcome = { ok: true };
  } catch (error) {
    const { name, message, reason, oauthError } = error as Record<string, string>;
    outcome = { ok: false, name, message, reason, oauthError };
  }
  const state = await storage.get(userId);
  console.log(JSON.stringify({ ...outcome, stored: digest(state?.accessToken) }));
}
await storage.close();
