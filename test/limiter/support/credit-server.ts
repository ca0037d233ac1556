import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the credit server saw it. */
export interface CreditedRequest {
  method: string;
  url: string;
  credits: number;
  status: number;
  /** Epoch ms when it arrived. */
  time: number;
}

export interface CreditServerOptions {
  /** Credits per window. */
  limit: number;
  /** Credits already spent by someone else when the server starts. */
  spentElsewhere?: number;
  /** Epoch ms of the window's reset; fixed for the test unless `resetAt` is changed. */
  resetAt: number;
  /** Answers are held until the returned promise resolves (for "only one in flight" checks). */
  gate?: (request: CreditedRequest) => Promise<void> | void;
}

/**
 * A loopback server that charges Miro's credits (50 for GET, 100 per item for bulk, 100 for
 * other writes) against one fixed window and sends `X-RateLimit-*` headers; 429 when over.
 * Unlike the simulator, its window is set by the test, so timing never depends on the clock.
 */
export async function startCreditServer(options: CreditServerOptions) {
  const requests: CreditedRequest[] = [];
  const state = { spent: options.spentElsewhere ?? 0, resetAt: options.resetAt, limit: options.limit };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const cost = req.method === 'GET' ? 50 : /\/items\/bulk/.test(req.url ?? '') ? 100 * (JSON.parse(body) as unknown[]).length : 100;
      const fits = state.spent + cost <= state.limit;
      const entry: CreditedRequest = { method: req.method ?? '', url: req.url ?? '', credits: fits ? cost : 0, status: fits ? 200 : 429, time: Date.now() };
      if (fits) state.spent += cost;
      requests.push(entry);
      void Promise.resolve(options.gate?.(entry)).then(() => {
        res.statusCode = entry.status;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-ratelimit-limit', String(state.limit));
        res.setHeader('x-ratelimit-remaining', String(state.limit - state.spent));
        res.setHeader('x-ratelimit-reset', String(Math.ceil(state.resetAt / 1000)));
        res.end(JSON.stringify(fits ? answer(req.method ?? '', body) : { status: 429, code: 'tooManyRequests', message: 'rate limited', type: 'error' }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(method: string, body: string): unknown {
  if (method !== 'POST' || !body.startsWith('[')) return { id: '1', type: 'board', name: 'x' };
  return { data: (JSON.parse(body) as unknown[]).map((_, i) => ({ id: String(i), type: 'sticky_note' })), type: 'bulk-list' };
}
