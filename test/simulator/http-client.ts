import type { MiroSimulator } from '../../src/simulator/index.js';

/** A parsed answer of the simulator. */
export interface SimAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** Plain `fetch` against a simulator: what any HTTP client would see. */
export function httpClient(sim: MiroSimulator, token?: string) {
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<SimAnswer> {
    const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${sim.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** `/v2/boards/<encoded id>` */
export function boardPath(boardId: string): string {
  return `/v2/boards/${encodeURIComponent(boardId)}`;
}
