import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosAdapter, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

/**
 * An axios instance for Node whose adapter sends text bodies straight through `http.request`
 * on keep-alive agents. axios's own Node adapter does more per request than Miro needs
 * (redirects, decompression, proxy lookup, stream plumbing); this one does only what miro-rx's
 * transport asks for, which is most of the distance between axios and Miro's own node-fetch
 * client on a fast network. Multipart bodies, and anything else that is not a string, go to
 * axios's own adapter.
 *
 * Opt-in, because it does not read `HTTP(S)_PROXY`: `new MiroApi(token, { axios: nodeHttpAxios() })`.
 */
export function nodeHttpAxios(): AxiosInstance {
  const fallback = axios.getAdapter('http');
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const adapter: AxiosAdapter = (config) =>
    typeof config.data === 'string' || config.data === undefined || config.data === null ? send(config, agents) : fallback(config);
  return axios.create({ maxRedirects: 0, adapter });
}

function send(config: InternalAxiosRequestConfig, agents: { http: http.Agent; https: https.Agent }) {
  return new Promise<import('axios').AxiosResponse<string>>((resolve, reject) => {
    const url = new URL(config.url!, config.baseURL);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers.toJSON())) {
      if (value !== undefined && value !== null && (value as unknown) !== false) headers[name] = String(value);
    }
    const body = typeof config.data === 'string' ? config.data : undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    let settled = false;
    const fail = (error: AxiosError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const request = (secure ? https : http).request(
      url,
      { method: (config.method ?? 'get').toUpperCase(), headers, agent: secure ? agents.https : agents.http },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error: NodeJS.ErrnoException) => fail(new AxiosError(error.message, error.code, config, request)));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            data: Buffer.concat(chunks).toString('utf8'),
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers: response.headers as Record<string, string>,
            config,
            request,
          });
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => fail(new AxiosError(error.message, error.code, config, request)));
    // axios's timeout covers the whole exchange, not socket idleness: so does this one.
    const timer = config.timeout
      ? setTimeout(() => fail(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config, request)), config.timeout)
      : undefined;
    const cancel = () => fail(new AxiosError('canceled', AxiosError.ERR_CANCELED, config, request));
    config.cancelToken?.promise.then(cancel, () => undefined);
    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted) return cancel();
    signal?.addEventListener?.('abort', cancel, { once: true });
    request.end(body);
  });
}
