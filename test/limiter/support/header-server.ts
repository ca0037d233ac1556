import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers to its n-th request (0-based). */
export type HeaderAnswer = (n: number) => { status: number; headers: Record<string, string> };

/** A loopback server whose every answer's status and headers the test chooses (hostile headers). */
export async function startHeaderServer(answer: HeaderAnswer) {
  const times: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, headers } = answer(times.length);
      times.push(Date.now());
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(status === 429 ? { status, code: 'tooManyRequests', message: 'rate limited', type: 'error' } : { id: '1', type: 'board' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Arrival time of each request, epoch ms. */
    times,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
