import type { MiroHandler, MiroInterceptor } from './miro-request.js';

/** Chains interceptors in order (the first one sees the request first) in front of the transport. */
export function requestPipeline(interceptors: readonly MiroInterceptor[], transport: MiroHandler): MiroHandler {
  return interceptors.reduceRight<MiroHandler>((next, interceptor) => (request) => interceptor(request, next), transport);
}
