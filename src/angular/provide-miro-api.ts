import { isPlatformServer } from '@angular/common';
import { EnvironmentInjector, type EnvironmentProviders, inject, makeEnvironmentProviders, PLATFORM_ID, runInInjectionContext } from '@angular/core';
import { throwError } from 'rxjs';
import { MiroError } from '../errors/miro-errors.js';
import type { AccessTokenSource } from '../http/access-token.js';
import type { MiroInterceptor } from '../http/miro-request.js';
import { MiroApi } from '../miro-api.js';
import type { MiroApiOptions } from '../miro-api-options.js';

/** What `provideMiroApi` takes: `MiroApi`'s options, its token, and what is Angular's own. */
export interface MiroApiProviderOptions extends MiroApiOptions {
  /**
   * A token, or a function returning one (string, Promise or Observable). The function runs in
   * the injection context before every request, so it may call `inject()` (an auth service).
   */
  accessToken: AccessTokenSource;
  /**
   * Send during server rendering. Default `false`: on the server every call fails at once
   * with a `MiroError` saying so, and nothing is sent; the browser makes the calls.
   */
  sendOnServer?: boolean;
}

/** A feature of `provideMiroApi`, such as `withHttpClient()`: it adjusts the options in the injection context. */
export interface MiroApiFeature {
  readonly configure: (options: MiroApiOptions) => MiroApiOptions;
}

/**
 * Provides a `MiroApi` to the application (or a route's environment): `inject(MiroApi)` then
 * returns the one client. `options` may be a function run in the injection context, to read
 * other providers (configuration, environment); it runs once, when `MiroApi` is first injected.
 *
 * @example
 * ```ts
 * bootstrapApplication(App, {
 *   providers: [
 *     provideHttpClient(withInterceptors([authInterceptor])),
 *     provideMiroApi({ accessToken: () => inject(AuthService).miroToken() }, withHttpClient()),
 *   ],
 * });
 * ```
 */
export function provideMiroApi(options: MiroApiProviderOptions | (() => MiroApiProviderOptions), ...features: MiroApiFeature[]): EnvironmentProviders {
  return makeEnvironmentProviders([{ provide: MiroApi, useFactory: () => createMiroApi(typeof options === 'function' ? options() : options, features) }]);
}

function createMiroApi({ accessToken, sendOnServer, ...options }: MiroApiProviderOptions, features: readonly MiroApiFeature[]): MiroApi {
  const injector = inject(EnvironmentInjector);
  const onServer = isPlatformServer(inject(PLATFORM_ID)) && sendOnServer !== true;
  let configured: MiroApiOptions = onServer ? { ...options, interceptors: [notOnServer, ...(options.interceptors ?? [])] } : options;
  for (const feature of features) configured = feature.configure(configured);
  const token: AccessTokenSource = typeof accessToken === 'function' ? () => runInInjectionContext(injector, accessToken) : accessToken;
  return new MiroApi(token, configured);
}

// First in the pipeline: refused before the limiter, a retry or the token function is reached.
const notOnServer: MiroInterceptor = (request) =>
  throwError(
    () =>
      new MiroError('not sent during server rendering (provideMiroApi: sendOnServer: true sends there)', {
        operationId: request.operation.operationId,
        method: request.method,
        path: request.path,
      }),
  );
