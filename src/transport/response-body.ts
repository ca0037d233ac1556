import { AxiosError, type AxiosResponseHeaders, type RawAxiosResponseHeaders } from 'axios';
import { BODY_TOO_LARGE, UNUSABLE_BODY } from '../errors/error-factory.js';
import { parseWithInt64 } from '../http/int64-json.js';
import { callOf, type MiroAxiosConfig } from './miro-call.js';

/**
 * axios's `transformResponse` for miro-rx's calls (`this` is the config): the text parsed once,
 * with exact int64s. A 2xx body that cannot be the operation's response (empty where JSON was
 * promised, not JSON, broken JSON) throws, so axios-retry can retry a safe read.
 */
export function readResponseBody(this: MiroAxiosConfig, data: unknown, headers: AxiosResponseHeaders, status?: number): unknown {
  const call = callOf(this);
  const success = status !== undefined && status >= 200 && status < 300;
  const text = typeof data === 'string' ? data : undefined;
  // Characters never outnumber bytes: a longer text slipped past the adapter's own count.
  if (call && text !== undefined && text.length > call.settings.maxResponseBytes) throw new AxiosError('body too large', BODY_TOO_LARGE, this as never);
  if (data !== undefined && text === undefined) return data; // an adapter that parsed already
  const type = String(headers?.['content-type'] ?? '');
  const typeShown = type.slice(0, 60) || 'none';
  const unusable = (why: string) => unusableBody(this, why, data, headers, status as number);
  if (text === undefined || text === '' || status === 204) {
    // An operation whose every documented success has a body (a board, an item) got nothing:
    // a cut body, a proxy's empty page. Whatever its content type or status says, it must not
    // reach the caller as `undefined` in place of a board.
    const bodyExpected = call !== undefined && !call.request.operation.successMayBeEmpty;
    if (success && bodyExpected) throw unusable(`response body is empty (status ${status}, content type ${typeShown})`);
    return undefined;
  }
  if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) {
    // Every Miro operation answers JSON: text on a success is someone else's page (a proxy's).
    if (success) throw unusable(`response is not JSON (content type ${typeShown})`);
    return { message: text.slice(0, 200) };
  }
  try {
    return parseWithInt64(text);
  } catch {
    if (success) throw unusable('response is not valid JSON');
    return { message: text.slice(0, 200) };
  }
}

/** Carries the response, so its rate-limit headers still count; `why` says what is wrong. */
function unusableBody(config: MiroAxiosConfig, why: string, data: unknown, headers: RawAxiosResponseHeaders, status: number): AxiosError {
  const response = { data, status, statusText: '', headers, config } as NonNullable<AxiosError['response']>;
  return Object.assign(new AxiosError(why, UNUSABLE_BODY, config as never, undefined, response), { why });
}
