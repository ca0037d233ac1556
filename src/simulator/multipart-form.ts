import { invalidParameters } from './miro-errors.js';

/** One part of a multipart body, read into memory so that handlers stay synchronous. */
export interface FormPart {
  name: string;
  /** Present for file parts. */
  fileName?: string;
  contentType: string;
  data: Buffer;
}

/** Parts by field name, in the order they came. */
export type MultipartForm = Map<string, FormPart[]>;

/** Parses a multipart body with the platform's own parser (undici's `Request.formData`). */
export async function parseMultipart(body: Buffer, contentType: string): Promise<MultipartForm> {
  let formData: FormData;
  try {
    formData = await new Request('http://simulator.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw invalidParameters('the multipart body could not be parsed');
  }
  const form: MultipartForm = new Map();
  const entries: [string, FormDataEntryValue][] = [];
  formData.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    const part: FormPart =
      typeof value === 'string'
        ? { name, contentType: 'text/plain', data: Buffer.from(value) }
        : { name, fileName: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) };
    const parts = form.get(name) ?? [];
    parts.push(part);
    form.set(name, parts);
  }
  return form;
}

/** The JSON document in a part (e.g. `data`), or undefined when the part is absent. */
export function jsonPart(form: MultipartForm, name: string): unknown {
  const part = form.get(name)?.[0];
  if (!part) return undefined;
  try {
    return JSON.parse(part.data.toString('utf8'));
  } catch {
    throw invalidParameters(`the ${name} part is not valid JSON`, name);
  }
}

/** File parts of a field. */
export function fileParts(form: MultipartForm, name: string): FormPart[] {
  return (form.get(name) ?? []).filter((part) => part.fileName !== undefined);
}
