import { type Context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TracedWork } from '../miro-telemetry.js';
import { within } from './active-context.js';
import { errorName } from './http-attributes.js';
import { linkedTo } from './linked-context.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';

/**
 * A span of miro-rx's own work (a call, a paginated read, a bulk upload, a poll), child of the
 * context active when it began. Calls subscribed `within` it are its children; it counts them.
 */
export class WorkSpan implements TracedWork {
  /** The context its children start in. */
  protected context: Context;
  #calls = 0;

  constructor(
    readonly span: Span,
    readonly parent: Context,
  ) {
    this.context = trace.setSpan(linkedTo(parent), span);
  }

  within<A, T>(subscribe: (arg: A) => T, arg: A): T {
    return within(this.context, subscribe, arg);
  }

  call<T>(subscribe: () => T): T {
    this.#calls += 1;
    return within(this.context, subscribe);
  }

  outside<A, B>(deliver: (target: A, value: B) => void, target: A, value: B): void {
    within(this.parent, deliver, target, value);
  }

  end(error?: unknown): void {
    this.span.setAttribute(MIRO_ATTRIBUTES.calls, this.#calls);
    endSpan(this.span, error);
  }
}

/**
 * Ends a span, recording the error that ended its work by its class and status alone: a
 * message may repeat what a server sent back, so neither it nor the stack goes in the span.
 */
export function endSpan(span: Span, error: unknown): void {
  if (error !== undefined) {
    const type = errorName(error) ?? '_OTHER';
    const status = (error as { status?: unknown }).status;
    const summary = typeof status === 'number' ? `${type} (HTTP ${status})` : type;
    span.setAttribute('error.type', typeof status === 'number' ? String(status) : type);
    span.addEvent('exception', { 'exception.type': type, 'exception.message': summary });
    span.setStatus({ code: SpanStatusCode.ERROR, message: summary });
  }
  span.end();
}
