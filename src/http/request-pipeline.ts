import type { MiroHandler, MiroInterceptor } from './miro-request.js';

/** Chains a client's `interceptors` in order (the first sees the call first) around the call's send through axios. */
export function requestPipeline(interceptors: readonly MiroInterceptor[], send: MiroHandler): MiroHandler {
  return interceptors.reduceRight<MiroHandler>((next, interceptor) => (request) => interceptor(request, next), send);
}
