import { openAsBlob } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MiroFileUpload } from '../files/miro-file.js';
import { contentTypeFromFileName } from '../files/file-content-type.js';

/** Options of `fileFromPath`. */
export interface FileFromPathOptions {
  /** Name Miro shows. Default: the path's last segment. */
  fileName?: string;
  /** Default: from the file name's extension (`application/octet-stream` when unknown). */
  contentType?: string;
}

/**
 * A file on disk as a `MiroFile`, without reading it: the bytes stay on disk until the request
 * that uploads them is sent, so thousands of paths can be queued at little memory cost. The
 * size is known at once, for the 6 MB check of bulk uploads. The file must still be there,
 * unchanged, when it is sent.
 *
 * @example
 * ```ts
 * import { fileFromPath } from 'miro-rx/node';
 * const file = await fileFromPath('./diagrams/flow.png');
 * api.bulkCreateItems(boardId, [{ type: 'image', file, title: 'Flow' }]).subscribe(console.log);
 * ```
 */
export async function fileFromPath(path: string, options: FileFromPathOptions = {}): Promise<MiroFileUpload> {
  if (typeof path !== 'string' || path === '') throw new TypeError('fileFromPath: path must be a non-empty string');
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`fileFromPath: cannot read ${path}${code ? ` (${code})` : ''}`, { cause: error });
  }
  if (!info.isFile()) throw new Error(`fileFromPath: ${path} is not a regular file`);
  const fileName = options.fileName ?? basename(path);
  const contentType = options.contentType ?? contentTypeFromFileName(fileName);
  const data = await openAsBlob(path, { type: contentType });
  return { data, fileName, contentType };
}
