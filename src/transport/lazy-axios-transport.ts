import { catchError, defer, mergeMap, throwError } from 'rxjs';
import { transportUnavailable } from '../errors/error-factory.js';
import { answerRules } from './read-answer.js';
import type { Transport, TransportOptions } from './transport.js';

/**
 * axios's own adapter, for what miro-rx's transports leave to it (proxies named in the
 * environment; a platform with neither Node's built-ins nor fetch). axios is imported on the
 * first exchange, not with miro-rx: most apps never need it.
 */
export function lazyAxiosTransport(options: TransportOptions = {}): Transport {
  // Checked now, so that a bad option fails where the client is made, as under every transport.
  answerRules(options);
  let loading: Promise<Transport> | undefined;
  const load = () => {
    loading ??= Promise.all([import('./miro-axios.js'), import('./axios-transport.js')]).then(([{ createMiroAxios }, { axiosTransport }]) =>
      axiosTransport(createMiroAxios(), options),
    );
    return loading;
  };
  return (request) =>
    defer(load).pipe(
      catchError((failure: unknown) =>
        throwError(() => transportUnavailable(request, `axios could not be loaded (${String((failure as Error)?.message ?? failure).slice(0, 200)})`)),
      ),
      mergeMap((send) => send(request)),
    );
}
