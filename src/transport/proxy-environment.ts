/**
 * Whether the environment names a proxy (`HTTP(S)_PROXY`, `ALL_PROXY`, either case). Exchanges
 * then go to axios's own adapter, which decides per URL with `NO_PROXY`. Read when a client is
 * made: an environment lookup costs a call into C++, too much for every request.
 */
export function proxyFromEnvironment(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.ALL_PROXY || env.all_proxy);
}
