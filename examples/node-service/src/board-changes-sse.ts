import type http from 'node:http';
import type { MiroApi, WatchBoardOptions, WatchedItemType } from '../../../src/index.js';
import { MiroBoardWatchError } from '../../../src/index.js';

/**
 * `GET /boards/:id/changes`: the board's changes as server-sent events, one event per change
 * named by its kind (`snapshot`, `added`, `updated`, `removed`), the change as JSON data.
 * Query: `types=sticky_note,card`, `frame=<frame id>`, `intervalMs=`. Every client of the same
 * board and filter shares one poller; when the last one hangs up, the polling stops.
 */
export function streamBoardChanges(req: http.IncomingMessage, res: http.ServerResponse, api: MiroApi, boardId: string, query: URLSearchParams): void {
  const options: WatchBoardOptions = {
    ...(query.get('types') ? { types: query.get('types')!.split(',') as WatchedItemType[] } : {}),
    ...(query.get('frame') ? { parentItemId: query.get('frame')! } : {}),
    ...(query.get('intervalMs') ? { intervalMs: Number(query.get('intervalMs')) } : {}),
  };
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(': watching\n\n'); // headers out now, so the client knows the stream is open
  const subscription = api.watchBoard(boardId, options).subscribe({
    next: (change) => res.write(`event: ${change.kind}\ndata: ${JSON.stringify(change)}\n\n`),
    error: (error: unknown) => {
      // Messages of miro-rx errors never hold a token.
      const reason = error instanceof MiroBoardWatchError ? error.reason : 'failed';
      res.end(`event: end\ndata: ${JSON.stringify({ reason, error: error instanceof Error ? error.message : String(error) })}\n\n`);
    },
  });
  res.on('close', () => subscription.unsubscribe());
  req.on('aborted', () => subscription.unsubscribe());
}
