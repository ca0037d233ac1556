import { HttpClient } from '@angular/common/http';
import { inject } from '@angular/core';
import axios from 'axios';
import { httpClientAdapter } from './http-client-adapter.js';
import type { MiroApiFeature } from './provide-miro-api.js';

/**
 * Sends every Miro call through Angular's `HttpClient` (which `provideHttpClient()` must
 * provide): the app's interceptors see each attempt, retries included, and
 * `HttpTestingController` answers them in tests. miro-rx's own steps (limiter, retries,
 * timeouts, size cap, int64 parsing) stay in front of it, through an axios instance whose
 * adapter is `httpClientAdapter`. A caller's own `axios` option is replaced.
 */
export function withHttpClient(): MiroApiFeature {
  return { configure: (options) => ({ ...options, axios: axios.create({ adapter: httpClientAdapter(inject(HttpClient)) }) }) };
}
