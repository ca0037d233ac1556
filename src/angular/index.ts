/**
 * miro-rx for Angular: `provideMiroApi()` makes `inject(MiroApi)` work, and `withHttpClient()`
 * sends through the app's `HttpClient`. ESM only, as Angular is.
 * @packageDocumentation
 */
export { provideMiroApi, type MiroApiFeature, type MiroApiProviderOptions } from './provide-miro-api.js';
export { withHttpClient } from './with-http-client.js';
export { httpClientAdapter } from './http-client-adapter.js';
