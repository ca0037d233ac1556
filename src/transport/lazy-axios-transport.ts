import type { AxiosStatic } from 'axios';
import { catchError, defer, mergeMap, throwError } from 'rxjs';
import { transportUnavailable } from '../errors/error-factory.js';
import { axiosTransport, miroAxiosInstance } from './axios-transport.js';
import { answerRules } from './read-answer.js';
import type { Transport, TransportOptions } from './transport.js';

// A name bundlers cannot follow: a browser build must not carry axios (~22 KB gzipped) for a
// path that only Node with a proxy takes. Node resolves it from miro-rx's own dependencies.
const AXIOS_PACKAGE = ['axi', 'os'].join('');

/**
 * axios's own adapter, for what miro-rx's transports leave to it (proxies named in the
 * environment, which axios applies with `NO_PROXY`; a platform with neither Node's built-ins
 * nor fetch). axios is imported on the first exchange, not with miro-rx: most apps never need it.
 */
export function lazyAxiosTransport(options: TransportOptions = {}): Transport {
  // Checked now, so that a bad option fails where the client is made, as under every transport.
  answerRules(options);
  let loading: Promise<Transport> | undefined;
  const load = () => {
    loading ??= import(/* @vite-ignore */ AXIOS_PACKAGE).then((module: { default?: AxiosStatic }) =>
      axiosTransport(miroAxiosInstance(module.default ?? (module as unknown as AxiosStatic)), options),
    );
    return loading;
  };
  return (request) =>
    defer(load).pipe(
      catchError((failure: unknown) => {
        loading = undefined;
        const why = `axios could not be loaded (${String((failure as Error)?.message ?? failure).slice(0, 200)})`;
        return throwError(() => transportUnavailable(request, why));
      }),
      mergeMap((send) => send(request)),
    );
}
