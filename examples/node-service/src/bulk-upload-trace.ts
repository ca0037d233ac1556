// The trace in docs/observability.md, made again: `npx tsx examples/node-service/src/bulk-upload-trace.ts`.
// A bulk upload of 100 sticky notes (5 calls of 20 items, 2,000 credits each) on the simulator
// with a budget of 6,000 credits per 3-second window: three calls fit in the first window, the
// other two wait for the next one, and the trace shows where the time went.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom, toArray } from 'rxjs';
import { MiroApi } from '../../../src/index.js';
import { openTelemetry } from '../../../src/otel.js';
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { SpanTreePrinter } from './span-tree.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const simulator = await startMiroSimulator({ tokens: ['trace-token'], rateLimit: { budget: 6_000, windowMs: 3_000 } });
try {
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SpanTreePrinter()] });
  const api = new MiroApi('trace-token', { baseUrl: simulator.url, telemetry: openTelemetry({ tracerProvider }) });
  const board = simulator.state.createBoard({ name: 'Traced upload' });
  const notes = Array.from({ length: 100 }, (_, n) => ({ type: 'sticky_note' as const, data: { content: `Idea ${n}` } }));
  // The app's own span around the work, as a job runner or an HTTP instrumentation would make.
  const job = tracerProvider.getTracer('example').startSpan('import sticky notes');
  const upload$ = api.bulkCreateItems(board.id, notes).pipe(toArray());
  const results = await context.with(trace.setSpan(context.active(), job), () => lastValueFrom(upload$));
  job.end();
  console.log(`${results.filter((result) => result.item).length} of ${notes.length} created`);
} finally {
  await simulator.close();
}
