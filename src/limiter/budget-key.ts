/**
 * The key that names one budget in this process (and, hashed, in Redis). Miro's budget belongs
 * to a user and an app, i.e. to a token at one server, so the base URL is part of the key, and
 * clients that send the same token share one budget, whether they hold it as a string or get it
 * from a function. The token is hashed: it is never kept as a key or sent to Redis.
 */
export function budgetKey(token: unknown, baseUrl: string, key: string | undefined): string {
  if (key !== undefined) return `${baseUrl} key:${key}`;
  return `${baseUrl} token:${fnv1a64(String(token))}`;
}

/** 64-bit FNV-1a: synchronous and browser-safe (Web Crypto is async); enough to tell tokens apart. */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
