import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * A span processor that keeps the spans of each trace in memory and, when the trace's root span
 * ends, hands them to `print` as an indented tree: start offset, duration, name, and the
 * attributes that tell the story (status, attempt, credits, waits). For the demo's terminal;
 * a real service sends its spans to a collector (docs/observability.md).
 */
export class SpanTreePrinter implements SpanProcessor {
  readonly #traces = new Map<string, ReadableSpan[]>();

  constructor(readonly print: (tree: string) => void = (tree) => console.log(tree)) {}

  onStart(_span: Span, _context: Context): void {}

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    const spans = this.#traces.get(traceId) ?? [];
    spans.push(span);
    this.#traces.set(traceId, spans);
    if (span.parentSpanContext === undefined) {
      this.#traces.delete(traceId);
      this.print(spanTree(spans));
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const SHOWN = [
  'http.response.status_code',
  'error.type',
  'http.request.resend_count',
  'miro.credits.charged',
  'miro.credits.queued_ms',
  'miro.rate_limit.remaining',
  'miro.calls',
  'miro.attempts',
];

/** The spans of one trace as an indented tree, children in start order. */
export function spanTree(spans: readonly ReadableSpan[]): string {
  const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
  const root = spans.find((span) => span.parentSpanContext === undefined) ?? spans[0]!;
  const zero = ms(root.startTime);
  const lines: string[] = [];
  const visit = (span: ReadableSpan, depth: number) => {
    const shown = SHOWN.filter((key) => span.attributes[key] !== undefined).map((key) => `${key.replace(/^(miro|http)\./, '')}=${span.attributes[key]}`);
    const at = `+${(ms(span.startTime) - zero).toFixed(0)}ms`.padStart(8);
    const took = `${ms(span.duration).toFixed(0)}ms`.padStart(7);
    lines.push(`${at} ${took}  ${'  '.repeat(depth)}${span.name}${shown.length ? `  ${shown.join(' ')}` : ''}`);
    const id = span.spanContext().spanId;
    const children = spans.filter((child) => child.parentSpanContext?.spanId === id).sort((a, b) => ms(a.startTime) - ms(b.startTime));
    for (const child of children) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}
