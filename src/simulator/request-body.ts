import type { IncomingMessage } from 'node:http';
import { SimulatorHttpError, invalidParameters } from './miro-errors.js';
import { parseMultipart, type MultipartForm } from './multipart-form.js';

/** Largest body the simulator reads; Miro's own limits (6 MB bulk uploads) are checked per operation. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A request body, parsed by its content type. */
export interface ParsedBody {
  /** JSON document, or form fields for url-encoded bodies. */
  body?: unknown;
  form?: MultipartForm;
}

/** True when the request announces a body. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new SimulatorHttpError(413, 'payloadTooLarge', `the request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON, url-encoded forms and multipart bodies; anything else must be empty. */
export async function parseBody(raw: Buffer, contentType: string): Promise<ParsedBody> {
  if (raw.length === 0) return {};
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return { form: parseMultipart(raw, contentType) };
  if (type === 'application/x-www-form-urlencoded') return { body: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  if (type === '' || type === 'application/json' || type.endsWith('+json') || type === 'text/plain') {
    try {
      return { body: JSON.parse(raw.toString('utf8')) };
    } catch {
      throw invalidParameters('the request body is not valid JSON', 'body');
    }
  }
  throw new SimulatorHttpError(415, 'unsupportedMediaType', `content type ${type} is not accepted`);
}
