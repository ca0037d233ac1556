import type { RecordedRequest } from './recording-server.js';

/** One part of a multipart body, as the server received it. */
export interface ReceivedPart {
  name: string;
  /** Present for file parts. */
  fileName?: string;
  contentType?: string;
  text: string;
}

/** Parses a recorded multipart/form-data body with the platform's own parser (undici). */
export async function multipartParts(request: RecordedRequest): Promise<ReceivedPart[]> {
  const contentType = String(request.headers['content-type'] ?? '');
  const form = await new Response(new Uint8Array(request.body), { headers: { 'content-type': contentType } }).formData();
  const entries: Array<[string, FormDataEntryValue]> = [];
  form.forEach((value, name) => entries.push([name, value]));
  const parts: ReceivedPart[] = [];
  for (const [name, value] of entries) {
    if (typeof value === 'string') parts.push({ name, text: value });
    else parts.push({ name, fileName: value.name, contentType: value.type, text: await value.text() });
  }
  return parts;
}
