import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it on the wire. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON value; a string or Buffer is sent as it is. */
  body?: unknown;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Never answer (for timeout and abort tests). */
  hang?: boolean;
}

/**
 * A loopback HTTP server that records requests and answers with `reply` (JSON by default).
 * Tests start and stop it themselves.
 */
export async function startRecordingServer(reply: (request: RecordedRequest) => Reply = () => ({ body: {} })) {
  const requests: RecordedRequest[] = [];
  const closed: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) closed.push(recorded);
      });
      const answer = reply(recorded);
      if (answer.reset) return req.socket.destroy();
      if (answer.hang) return;
      res.statusCode = answer.status ?? 200;
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      if (answer.body === undefined || res.statusCode === 204) return res.end();
      res.setHeader('content-type', res.getHeader('content-type') ?? 'application/json');
      res.end(typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    /** Requests whose connection closed before an answer was written (aborted by the client). */
    closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
