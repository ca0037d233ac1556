/**
 * Content types of the files people put on boards, by extension. Used when a file arrives
 * without a type (bytes with a name, a Node path or stream), so that Miro receives a real
 * content type instead of `application/octet-stream`.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  // Images Miro can show.
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/vnd.microsoft.icon',
  heic: 'image/heic',
  avif: 'image/avif',
  // Documents.
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  rtf: 'application/rtf',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
};

/** The fallback for names without a known extension. */
export const UNKNOWN_CONTENT_TYPE = 'application/octet-stream';

/**
 * The content type a file name's extension stands for (case-insensitive), or
 * `application/octet-stream` when the extension is missing or unknown.
 *
 * @example
 * ```ts
 * contentTypeFromFileName('Roadmap Q3.PDF'); // 'application/pdf'
 * ```
 */
export function contentTypeFromFileName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0 || dot === fileName.length - 1) return UNKNOWN_CONTENT_TYPE;
  return CONTENT_TYPES[fileName.slice(dot + 1).toLowerCase()] ?? UNKNOWN_CONTENT_TYPE;
}
