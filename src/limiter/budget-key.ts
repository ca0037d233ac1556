import type { AccessTokenSource } from '../http/access-token.js';

let anonymousBudgets = 0;

/**
 * The key that names one budget in this process (and, hashed, in Redis). Miro's budget belongs
 * to a user and an app, i.e. to a token at one server, so the base URL is part of the key.
 * A plain token is hashed: the raw token is never kept as a key or sent to Redis. A token
 * function has no stable token, so without an explicit key each client gets its own budget.
 */
export function budgetKey(accessToken: AccessTokenSource, baseUrl: string, key: string | undefined): string {
  if (key !== undefined) return `${baseUrl} key:${key}`;
  if (typeof accessToken === 'string') return `${baseUrl} token:${fnv1a64(accessToken)}`;
  return `${baseUrl} client:${++anonymousBudgets}`;
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
