// The Node service example. Configured by its environment (see service-config.ts): Miro itself
// with MIRO_ACCESS_TOKEN and/or OAuth, a server of one's own with MIRO_BASE_URL, or else a
// simulator it starts in-process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Miro, MiroApi } from '../../../src/index.js';
import '../../../src/node/index.js'; // makes rateLimit.redis available
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { createServiceHandler, type ServiceOptions } from './service.js';
import { serviceConfig } from './service-config.js';
import { startTracing, tracedHandler } from './tracing.js';

let config: ReturnType<typeof serviceConfig>;
try {
  config = serviceConfig(process.env);
} catch (error) {
  console.error(`node-service: ${(error as Error).message}`);
  process.exit(2);
}

// `--trace`: OpenTelemetry's SDK, before any client is made; each request's trace printed as a tree.
const tracing = process.argv.includes('--trace');
if (tracing) startTracing();

const port = Number(process.env.PORT ?? 3000);
const server = http.createServer();
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// One configuration for every user the service acts for: each user's token gets its own budget,
// a call waits at most rateLimit.maxWaitMs for credits (then the client hears 503 + Retry-After),
// and with MIRO_REDIS_URL all budgets share one Redis connection with the service's other processes.
const { rateLimit, retry } = config;
let options: ServiceOptions;
let boardHint: string | undefined;
if (config.target !== 'simulator') {
  const target = { baseUrl: config.baseUrl, scimBaseUrl: config.scimBaseUrl, rateLimit, retry };
  const ownServer = config.baseUrl === undefined ? {} : { apiBaseUrl: config.baseUrl, authBaseUrl: config.baseUrl, api: target };
  options = {
    api: config.token ? new MiroApi(config.token, target) : undefined,
    miro: config.oauth ? new Miro({ api: { rateLimit, retry }, ...ownServer }) : undefined,
  };
  console.log(`miro-rx service on ${serviceUrl} (${config.target === 'miro' ? 'real Miro' : config.baseUrl})`);
} else {
  const simulator = await startMiroSimulator({
    tokens: { 'service-token': 'service-user' },
    oauth: { clients: [{ clientId: 'demo-app', clientSecret: 'demo-secret', redirectUri: `${serviceUrl}/auth/callback` }] },
  });
  const board = simulator.state.createBoard({ name: 'Service demo' });
  simulator.state.addItems(board.id, 120);
  const target = { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim`, rateLimit, retry };
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
  boardHint = board.id;
  console.log(`miro-rx service on ${serviceUrl}, Miro simulator on ${simulator.url}`);
}
const boardPath = `/boards/${encodeURIComponent(boardHint ?? '<board id>')}`;
console.log(`  try: curl ${serviceUrl}${boardPath}/summary`);
console.log(`  live: curl -N ${serviceUrl}${boardPath}/changes`);
if (options.miro) console.log(`  or open ${serviceUrl}/auth/login in a browser, then ${serviceUrl}/me/boards`);
const handler = createServiceHandler(options);
server.on('request', tracing ? tracedHandler(handler) : handler);
