import { startRecordingServer, type RecordedRequest } from '../../support/recording-server.js';

/** One multipart part as it arrived. */
export interface ReceivedPart {
  name: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * A loopback server that answers bulk calls as Miro does (201, one item per input, in order)
 * and keeps the raw bytes, so tests can compare what arrived with what was given.
 */
export async function startBulkRecordingServer() {
  let nextId = 1;
  const server = await startRecordingServer((request) => {
    const count = itemCount(request);
    const data = Array.from({ length: count }, () => ({ id: String(nextId++), type: 'item', links: { self: '' } }));
    return { status: 201, body: { data, type: 'bulk-list' } };
  });
  return server;
}

function itemCount(request: RecordedRequest): number {
  const type = String(request.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) return (JSON.parse(request.body.toString('utf8')) as unknown[]).length;
  // Enough for answering: count the file parts named resources.
  return request.body.toString('latin1').split('name="resources"').length - 1;
}

/** The parts of a recorded multipart request, parsed by the platform's own parser. */
export async function receivedParts(request: RecordedRequest): Promise<ReceivedPart[]> {
  const form = await new Response(new Uint8Array(request.body), {
    headers: { 'content-type': String(request.headers['content-type']) },
  }).formData();
  const entries: [string, FormDataEntryValue][] = [];
  form.forEach((value, name) => entries.push([name, value]));
  const parts: ReceivedPart[] = [];
  for (const [name, value] of entries) {
    if (typeof value === 'string') throw new Error(`part ${name} arrived as a text field, not a file`);
    parts.push({ name, fileName: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return parts;
}
