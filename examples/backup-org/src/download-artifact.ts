import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { firstValueFrom } from 'rxjs';
import type { ExportBoardEvent, MiroApi } from '../../../src/index.js';

/** A downloaded board file. */
export interface SavedFile {
  file: string;
  bytes: number;
  sha256: string;
}

const EXTENSIONS: Record<string, string> = { SVG: 'svg', HTML: 'html', PDF: 'pdf' };
const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * Downloads a board's file from its export link into `boards/` of the folder. The link is an
 * external URL (storage, not the REST API), so it is fetched directly, without a token. When
 * it has expired (403 or 410), a fresh link is asked for the task, once.
 */
export async function downloadBoard(api: MiroApi, orgId: string, event: ExportBoardEvent, dir: string, format: string): Promise<SavedFile> {
  let response = await fetch(event.exportLink!, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if ((response.status === 403 || response.status === 410) && event.taskId) {
    await response.body?.cancel();
    const fresh = await firstValueFrom(api.enterpriseCreateBoardExportTaskExportLink(orgId, event.jobId, event.taskId));
    if (!fresh.exportLink) throw new Error(`no fresh link for the file: ${fresh.errorMessage ?? fresh.status}`);
    response = await fetch(fresh.exportLink, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`download answered ${response.status}`);
  }
  const file = path.join('boards', `${encodeURIComponent(event.boardId)}.${EXTENSIONS[format] ?? 'bin'}`);
  // Complete or absent: a kill mid-write leaves only the partial file, which the rerun replaces.
  const target = path.join(dir, file);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  // Streamed to disk: a board's PDF can be far larger than is wise to hold in memory.
  await pipeline(
    response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    }),
    fs.createWriteStream(`${target}.partial`),
  );
  fs.renameSync(`${target}.partial`, target);
  return { file, bytes, sha256: hash.digest('hex') };
}
