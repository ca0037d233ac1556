import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import axiosRetry from 'axios-retry';
import { tokenSourceTimeout } from '../errors/error-factory.js';
import { isUsableToken, readAccessToken } from '../http/access-token.js';
import { MAX_TIMER_DELAY_MS } from '../http/rate-limit-headers.js';
import { attemptAdapter, isAttemptAdapter } from './attempt-adapter.js';
import { callOf, type MiroCall } from './miro-call.js';

/**
 * A new axios instance set up as miro-rx sends by default: axios's own adapter (http in Node, on
 * its keep-alive agents; fetch or XMLHttpRequest in browsers), no redirects (Miro's API never
 * redirects), and no default headers or request transforms (miro-rx sets every header and
 * serialises every body itself).
 */
export function createMiroAxios(): AxiosInstance {
  const instance = axios.create({ maxRedirects: 0, transformRequest: [] });
  instance.defaults.headers = {} as AxiosInstance['defaults']['headers'];
  return withMiroSteps(instance);
}

const equipped = new WeakSet<AxiosInstance>();

/**
 * Installs miro-rx's steps on an instance, once: the attempt step (token and adapter wrapper)
 * and axios-retry. Both act on miro-rx's calls only: the step by `runWhen`, axios-retry by its
 * default of no retries, which each miro-rx call overrides with Miro's rules. A caller's other
 * requests on the same instance behave exactly as before.
 */
export function withMiroSteps(instance: AxiosInstance): AxiosInstance {
  if (equipped.has(instance)) return instance;
  equipped.add(instance);
  // Registered first, so it runs last (axios runs request interceptors in reverse order):
  // after the caller's interceptors and axios-retry's, right before the adapter.
  instance.interceptors.request.use(attemptStep, undefined, { runWhen: (config) => callOf(config) !== undefined });
  axiosRetry(instance, { retries: 0 });
  return instance;
}

/** Every attempt, retries included: counted, authorised with the token as it is now, and sent through the attempt adapter. */
function attemptStep(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> {
  const call = callOf(config) as MiroCall;
  call.attempt += 1;
  if (!isAttemptAdapter(config.adapter)) config.adapter = attemptAdapter(axios.getAdapter(config.adapter ?? axios.defaults.adapter));
  const { token } = call.settings;
  if (token === undefined) return config;
  // A fixed token is set at once (the hot path); an empty one takes the general path, which refuses it.
  if (isUsableToken(token)) return authorised(config, call, token);
  const ms = call.request.timeoutMs;
  // A token source that never answers (a hung storage, say) must not outlast the call's timeout.
  const bound = ms > 0 && ms <= MAX_TIMER_DELAY_MS ? ms : 0;
  return readAccessToken(token, bound, () => tokenSourceTimeout(call.current)).then((value) => authorised(config, call, value));
}

function authorised(config: InternalAxiosRequestConfig, call: MiroCall, token: string): InternalAxiosRequestConfig {
  if (!call.tokens.includes(token)) call.tokens.push(token);
  call.token = token;
  config.headers.set('authorization', `Bearer ${token}`);
  return config;
}
