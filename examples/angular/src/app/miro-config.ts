import { InjectionToken } from '@angular/core';
import type { AccessTokenSource } from 'miro-rx';

/** Where the app finds Miro and which board it shows. */
export interface MiroConfig {
  /** REST API base URL: Miro's, or a simulator's on loopback. */
  baseUrl: string;
  /** A token, or a function returning one (it may call inject(): an auth service). */
  accessToken: AccessTokenSource;
  /** Board shown on start; empty when none was given. */
  boardId: string;
}

/** Read by provideMiroApi in app.config.ts and by the board component. */
export const MIRO_CONFIG = new InjectionToken<MiroConfig>('MIRO_CONFIG');

export const DEFAULT_MIRO_BASE_URL = 'https://api.miro.com';

/**
 * Reads `?api=&token=&board=` from the page's query string, so that one production build can be
 * pointed at any simulator at run time. A real app would take `baseUrl` from its environment and
 * the token from its backend instead: a token in a URL ends up in history and logs.
 */
export function miroConfigFromQuery(search: string): MiroConfig {
  const params = new URLSearchParams(search);
  return {
    baseUrl: params.get('api') || DEFAULT_MIRO_BASE_URL,
    accessToken: params.get('token') ?? '',
    boardId: params.get('board') ?? '',
  };
}
