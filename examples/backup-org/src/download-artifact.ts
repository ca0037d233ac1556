import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
  const content = Buffer.from(await response.arrayBuffer());
  const file = path.join('boards', `${encodeURIComponent(event.boardId)}.${EXTENSIONS[format] ?? 'bin'}`);
  // Complete or absent: a kill mid-write leaves only the temporary file, which the rerun replaces.
  const target = path.join(dir, file);
  fs.writeFileSync(`${target}.partial`, content);
  fs.renameSync(`${target}.partial`, target);
  return { file, bytes: content.length, sha256: crypto.createHash('sha256').update(content).digest('hex') };
}
