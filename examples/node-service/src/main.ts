// The Node service example. With MIRO_ACCESS_TOKEN (and optionally MIRO_CLIENT_ID,
// MIRO_CLIENT_SECRET, MIRO_REDIRECT_URL for OAuth) it talks to Miro; without, to a simulator.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Miro, MiroApi, type RateLimitOptions } from '../../../src/index.js';
import '../../../src/node/index.js'; // makes rateLimit.redis available
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { createServiceHandler, type ServiceOptions } from './service.js';

const port = Number(process.env.PORT ?? 3000);
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// One configuration for every user the service acts for: each user's token gets its own budget
// (keyed by a hash of the token), idle budgets are released after 65 s, and with MIRO_REDIS_URL
// all budgets of this process share one Redis connection with the service's other processes.
const rateLimit: RateLimitOptions = process.env.MIRO_REDIS_URL ? { redis: redisOptions(process.env.MIRO_REDIS_URL) } : {};

function redisOptions(url: string) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}

let options: ServiceOptions;
if (process.env.MIRO_ACCESS_TOKEN || process.env.MIRO_CLIENT_ID) {
  const token = process.env.MIRO_ACCESS_TOKEN;
  options = {
    api: token ? new MiroApi(token, { rateLimit }) : undefined,
    miro: process.env.MIRO_CLIENT_ID ? new Miro({ api: { rateLimit } }) : undefined,
  };
  console.log(`miro-rx service on ${serviceUrl} (real Miro)`);
} else {
  const simulator = await startMiroSimulator({
    tokens: { 'service-token': 'service-user' },
    oauth: { clients: [{ clientId: 'demo-app', clientSecret: 'demo-secret', redirectUri: `${serviceUrl}/auth/callback` }] },
  });
  const board = simulator.state.createBoard({ name: 'Service demo' });
  simulator.state.addItems(board.id, 120);
  const target = { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim`, rateLimit };
  options = {
    api: new MiroApi('service-token', target),
    miro: new Miro({
      clientId: 'demo-app',
      clientSecret: 'demo-secret',
      redirectUrl: `${serviceUrl}/auth/callback`,
      authBaseUrl: simulator.url,
      apiBaseUrl: simulator.url,
      api: target,
    }),
  };
  console.log(`miro-rx service on ${serviceUrl}, Miro simulator on ${simulator.url}`);
  console.log(`  try: curl ${serviceUrl}/boards/${encodeURIComponent(board.id)}/summary`);
  console.log(`  live: curl -N ${serviceUrl}/boards/${encodeURIComponent(board.id)}/changes`);
  console.log(`  or open ${serviceUrl}/auth/login in a browser, then ${serviceUrl}/me/boards`);
}
server.on('request', createServiceHandler(options));
