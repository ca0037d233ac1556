import type { Operation } from './operation.js';
import type { OperationInput } from './operation-input.js';
import type { MiroRequest } from './miro-request.js';
import { countFiles } from '../files/multipart-body.js';
import { stringifyWithInt64 } from './int64-json.js';

/** Where requests go and how long they may take. */
export interface RequestTarget {
  baseUrl: string;
  scimBaseUrl: string;
  timeoutMs: number;
}

/** Turns a validated call into the request that travels through the pipeline. */
export function buildRequest(
  operation: Operation,
  input: OperationInput,
  target: RequestTarget,
  extra: { headers?: Record<string, string>; timeoutMs?: number; signal: AbortSignal; repeatable?: boolean },
): MiroRequest {
  let index = 0;
  const path = operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(input.path[index++])));
  const base = (operation.server === 'scim' ? target.scimBaseUrl : target.baseUrl).replace(/\/+$/, '');
  const query = queryString(operation, input.query);

  const headers: Record<string, string> = { accept: 'application/json', ...extra.headers };
  let body: unknown;
  let itemCount = 1;
  if (operation.body && input.body !== undefined) {
    if (operation.body.parts) {
      const fields = input.body as Record<string, unknown>;
      if (!operation.multipartBody) throw new TypeError(`miro-rx: ${operation.operationId} has multipart parts but no multipartBody encoder`);
      body = operation.multipartBody(operation.body.parts, fields);
      // Without a boundary: each axios adapter writes the one it generates (fetch, XMLHttpRequest
      // and the http adapter all do), and no adapter falls back to a form-urlencoded type.
      headers['content-type'] = 'multipart/form-data';
      if (operation.chargedPerItem) itemCount = countFiles(operation.body.parts, fields);
    } else {
      body = stringifyWithInt64(input.body, operation.body.int64Fields);
      headers['content-type'] = operation.body.contentType;
      if (operation.chargedPerItem && Array.isArray(input.body)) itemCount = input.body.length;
    }
  }

  return {
    operation,
    method: operation.method,
    url: `${base}${path}${query}`,
    // Without scheme and host; no URL parsing, so a relative baseUrl (a same-origin proxy in a
    // browser, `/miro-proxy`) works too.
    path: `${base.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '')}${path}`,
    body,
    headers,
    creditCost: operation.creditCost * (operation.chargedPerItem ? itemCount : 1),
    itemCount,
    timeoutMs: extra.timeoutMs ?? target.timeoutMs,
    callTimeoutMs: extra.timeoutMs,
    signal: extra.signal,
    repeatable: extra.repeatable,
    attempt: 1,
  };
}

function queryString(operation: Operation, query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const pairs: string[] = [];
  for (const parameter of operation.queryParameters) {
    const value = query[parameter.key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    const encoded = parameter.explode === false ? [values.join(',')] : values;
    for (const item of encoded) pairs.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(String(item))}`);
  }
  return pairs.length ? `?${pairs.join('&')}` : '';
}
