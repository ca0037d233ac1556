import type { ServerResponse } from 'node:http';
import type { SimulatorContext } from './simulator-context.js';
import type { ExportJobRecord } from './export-jobs.js';

/** Where export links point: outside `/v2`, like Miro's links to its storage. */
export const ARTIFACT_PATH = '/export-artifacts/';

/**
 * A fresh link to a finished task's file, valid for `linkTtlMs` (never past the artifact's own
 * expiry), or undefined once the artifact has expired.
 */
export function artifactLink(sim: SimulatorContext, job: ExportJobRecord, index: number): { url: string; expiresAt: number; size: number } | undefined {
  const now = sim.now();
  const artifactExpiresAt = sim.exports.artifactExpiresAt(job, index);
  if (now >= artifactExpiresAt) return undefined;
  const expiresAt = Math.min(now + sim.exports.timing.linkTtlMs, artifactExpiresAt);
  const task = job.tasks[index]!;
  return {
    url: `${sim.url}${ARTIFACT_PATH}${job.id}/${task.id}?expires=${expiresAt}`,
    expiresAt,
    size: artifactContent(sim, job, task.boardId).length,
  };
}

/**
 * Answers a download of an export link. Like a signed storage URL it needs no token, spends no
 * credits, and answers 403 once its `expires` has passed.
 */
export function serveArtifact(sim: SimulatorContext, path: string, query: URLSearchParams, res: ServerResponse): number {
  const [jobId, taskId] = path.slice(ARTIFACT_PATH.length).split('/');
  const job = jobId ? sim.exports.jobs().find((candidate) => candidate.id === jobId) : undefined;
  const index = job ? job.tasks.findIndex((task) => task.id === taskId) : -1;
  const expires = Number(query.get('expires'));
  const send = (status: number, body: string | Buffer, type = 'text/plain;charset=UTF-8') => {
    if (res.destroyed) return status; // the client gave up while the download was delayed
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return status;
  };
  if (!job || index < 0 || sim.exports.taskStatus(job, index) !== 'SUCCESS') return send(404, 'no such export artifact');
  if (!Number.isFinite(expires) || sim.now() >= expires) return send(403, 'this export link has expired');
  if (sim.now() >= sim.exports.artifactExpiresAt(job, index)) return send(410, 'this export artifact has expired');
  return send(200, artifactContent(sim, job, job.tasks[index]!.boardId), CONTENT_TYPES[job.boardFormat] ?? 'application/octet-stream');
}

const CONTENT_TYPES: Record<string, string> = { SVG: 'image/svg+xml', HTML: 'text/html;charset=UTF-8', PDF: 'application/pdf' };

/** A small, valid-looking file naming the board, the same bytes on every download. */
function artifactContent(sim: SimulatorContext, job: ExportJobRecord, boardId: string): Buffer {
  const name = escapeXml(sim.store.boards.get(boardId)?.board.name ?? boardId);
  const items = sim.store.boards.get(boardId)?.items.size ?? 0;
  if (job.boardFormat === 'HTML')
    return Buffer.from(`<!doctype html><html><head><title>${name}</title></head><body data-board="${boardId}" data-items="${items}"></body></html>\n`);
  if (job.boardFormat === 'PDF') return Buffer.from(`%PDF-1.4\n% board ${boardId}: ${name}, ${items} items\n%%EOF\n`);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" data-board="${boardId}" data-items="${items}"><title>${name}</title></svg>\n`);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
