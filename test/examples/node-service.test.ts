import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Miro, MiroApi } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { createServiceHandler } from '../../examples/node-service/src/service.js';

const TOKEN = 'service-token';
const CLIENT = { clientId: 'service-app', clientSecret: 'service-secret' };

let simulator: MiroSimulator;
let server: http.Server;
let serviceUrl: string;
let boardId: string;

beforeAll(async () => {
  // The service listens first: its callback URL is the OAuth app's registered redirect.
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUrl = `${serviceUrl}/auth/callback`;
  simulator = await startMiroSimulator({
    tokens: { [TOKEN]: 'service-user' },
    rateLimit: false,
    oauth: { clients: [{ ...CLIENT, redirectUri: redirectUrl }] },
  });
  const target = { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim` };
  const board = simulator.state.createBoard({ name: 'summary' });
  boardId = board.id;
  simulator.state.addItems(board.id, 1_500);
  const frame = simulator.state.addItems(board.id, [{ type: 'frame', data: { title: 'F' } }])[0]!;
  simulator.state.addItems(board.id, [
    { type: 'shape', data: { content: 'a' }, parent: { id: frame.id } },
    { type: 'text', data: { content: 'b' } },
    { type: 'text', data: { content: 'c' } },
  ]);
  server.on(
    'request',
    createServiceHandler({
      api: new MiroApi(TOKEN, { ...target, rateLimit: false }),
      miro: new Miro({ ...CLIENT, redirectUrl, authBaseUrl: simulator.url, apiBaseUrl: simulator.url, api: { ...target, rateLimit: false } }),
    }),
  );
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await simulator?.close();
});

const getItemsRequests = () => simulator.requestLog.filter((entry) => entry.operationId === 'get-items').length;

describe('node-service', () => {
  it('answers GET /boards/:id/summary with the items counted by type, reading every page', async () => {
    simulator.clearLog();
    const response = await fetch(`${serviceUrl}/boards/${encodeURIComponent(boardId)}/summary`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ boardId, total: 1_504, byType: { sticky_note: 1_500, frame: 1, shape: 1, text: 2 } });
    expect(getItemsRequests()).toBe(31);
  });

  it('answers 404 for a board Miro does not know', async () => {
    const response = await fetch(`${serviceUrl}/boards/uXjVNope%3D/summary`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/404|not found/i);
  });

  it('stops asking Miro for pages once its own client has disconnected', async () => {
    simulator.clearLog();
    simulator.setFaults({ latency: { ms: 150, operations: ['get-items'] } });
    try {
      const request = http.get(`${serviceUrl}/boards/${encodeURIComponent(boardId)}/summary`);
      request.on('error', () => undefined);
      await until(() => getItemsRequests() >= 3);
      request.destroy();
      // The page in flight at the hang-up is aborted; give the simulator time to log it.
      await sleep(600);
      const settled = getItemsRequests();
      await sleep(1_000);
      expect(getItemsRequests()).toBe(settled);
      // A full read takes 31 pages; the service stopped well before.
      expect(settled).toBeLessThan(10);
    } finally {
      simulator.setFaults(undefined);
    }
  });

  it('logs a user in through OAuth (state checked) and then calls Miro on their behalf', async () => {
    const login = await fetch(`${serviceUrl}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorizeUrl = new URL(login.headers.get('location')!);
    expect(authorizeUrl.origin).toBe(simulator.url);
    const state = authorizeUrl.searchParams.get('state');
    expect(state).toBeTruthy();
    const stateCookie = login.headers.get('set-cookie')!.split(';')[0]!;

    // Miro (the simulator) consents at once and sends the browser back with a code.
    const consent = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callbackUrl = consent.headers.get('location')!;
    expect(callbackUrl.startsWith(`${serviceUrl}/auth/callback?`)).toBe(true);

    // Without the browser's state cookie the callback is refused (CSRF).
    const forged = await fetch(callbackUrl, { headers: { cookie: 'miro_oauth_state=someone-elses-state' } });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { error: string }).error).toContain('state');

    const callback = await fetch(callbackUrl, { headers: { cookie: stateCookie } });
    expect(callback.status).toBe(200);
    expect(await callback.json()).toMatchObject({ loggedIn: true, user: { id: 'user-1' } });
    const userCookie = callback.headers
      .getSetCookie()
      .find((value) => value.startsWith('miro_user='))!
      .split(';')[0]!;

    simulator.clearLog();
    const boards = await fetch(`${serviceUrl}/me/boards`, { headers: { cookie: userCookie } });
    expect(boards.status).toBe(200);
    expect(((await boards.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect(simulator.requestLog.find((entry) => entry.operationId === 'get-boards')?.userId).toBe('user-1');

    const anonymous = await fetch(`${serviceUrl}/me/boards`);
    expect(anonymous.status).toBe(401);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
