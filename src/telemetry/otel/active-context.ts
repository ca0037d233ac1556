import { type Context, context, ROOT_CONTEXT } from '@opentelemetry/api';

// The context miro-rx is subscribing within, for the synchronous length of that subscription.
let subscribing: Context | undefined;

/**
 * Runs `run(a, b)` with `ctx` active: through OpenTelemetry's context manager (so that work it
 * starts asynchronously keeps the context, as with any instrumentation), and also in a slot of
 * miro-rx's own. The slot keeps miro-rx's spans nested (read, page, attempt) in a process
 * whose SDK registered no context manager, where `context.with` does nothing. Arguments are
 * passed through rather than captured: no closure per call.
 */
export function within<T, A = undefined, B = undefined>(ctx: Context, run: (a: A, b: B) => T, a?: A, b?: B): T {
  const before = subscribing;
  subscribing = ctx;
  try {
    return context.with(ctx, run as (a?: A, b?: B) => T, undefined, a, b);
  } finally {
    subscribing = before;
  }
}

/** The active context: the context manager's, or miro-rx's own slot where no manager is at work. */
export function activeContext(): Context {
  const active = context.active();
  return active === ROOT_CONTEXT && subscribing !== undefined ? subscribing : active;
}
