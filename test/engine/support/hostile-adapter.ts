import { type AxiosAdapter, AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type { HostileAnswer } from './hostile-answer.js';

/** One request the fake server received. */
export interface Received {
  board: string;
  at: number;
  authorization: string | undefined;
}

/**
 * An axios adapter that plays a hostile server: each board id (`/v2/boards/<id>`) has a script
 * of answers, one per attempt (the last repeats). It behaves as axios's own adapters do: a
 * status that `validateStatus` refuses rejects with the response attached; aborting the
 * attempt's signal ends a pending answer with `ERR_CANCELED`.
 */
export function hostileAdapter(scripts: Map<string, HostileAnswer[]>, received: Received[]): AxiosAdapter {
  return (config: InternalAxiosRequestConfig) => {
    const board = /\/v2\/boards\/([^/?]+)/.exec(config.url ?? '')?.[1] ?? '';
    const script = scripts.get(board) ?? [];
    const attempt = received.filter((entry) => entry.board === board).length;
    received.push({ board, at: Date.now(), authorization: config.headers?.get?.('authorization')?.toString() });
    const answer = script[Math.min(attempt, script.length - 1)];
    if (!answer) return Promise.reject(new AxiosError('no script', 'ERR_NO_SCRIPT', config));
    if (answer.behaviour === 'throw') throw new TypeError(`adapter broke (${answer.failCode ?? 'no code'})`);
    return new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AxiosError('canceled', 'ERR_CANCELED', config));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (answer.behaviour === 'hang') return;
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        if (answer.behaviour === 'fail') {
          const failure = new AxiosError(`socket trouble ${answer.failCode ?? ''}`, answer.failCode, config);
          return reject(Object.assign(failure, { cause: Object.assign(new Error('socket'), { code: answer.failCode }) }));
        }
        const response: AxiosResponse = {
          status: answer.status,
          statusText: 'hostile',
          headers: answer.headers,
          config,
          data: answer.body.kind === 'json' ? answer.body.json.text : answer.body.kind === 'text' ? answer.body.text : '',
        };
        if (config.validateStatus?.(answer.status) ?? true) resolve(response);
        else reject(new AxiosError(`Request failed with status code ${answer.status}`, AxiosError.ERR_BAD_RESPONSE, config, undefined, response));
      }, answer.delayMs);
    });
  };
}
