/**
 * What telemetry costs per call (one run, ratios from that run; not a test). `npm run bench telemetry`.
 * Sequential-ish calls (8 in flight) of `getSpecificBoard` against a loopback server in a child
 * process (so its work stays out of this event loop), the clients taking turns round after round
 * (in a balanced order), after a warm-up of each:
 * - absent: no `telemetry` option, `miro-rx/otel` never used by the client (the default);
 * - API, no SDK: `openTelemetry()` on the global providers with no SDK registered (goal >= 0.98x);
 * - SDK, no-op exporter: a BasicTracerProvider with a BatchSpanProcessor (the processor the SDK
 *   advises for production, and NodeSDK's default) and a MeterProvider with a periodic reader
 *   at its default interval (a minute), both exporting nowhere (goal >= 0.9x);
 * - SDK work alone (a reference, not a product): a client without telemetry whose axios
 *   interceptors make the same SDK calls as miro-rx (two spans with the same attributes, three
 *   records), with no context, no outcome checks: the least this SDK work costs on this machine.
 * Each ratio is the median of the rounds' ratios to the same round's `absent` run (a machine busier
 * in one round than the next moves both sides of it), as calls per second and as the client's CPU
 * time per call (this process only, GC threads included), which a busy machine disturbs less.
 * BENCH_CALLS (default 400 per round) and BENCH_ROUNDS (default 24: whole balanced cycles) shorten or lengthen it.
 */
import http from 'node:http';
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { type Attributes, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import { firstValueFrom } from 'rxjs';
import { MiroApi } from '../src/index.js';
import { openTelemetry } from '../src/otel.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 24);
const IN_FLIGHT = 8;
const BODY = JSON.stringify({ id: 'uXjVOfjkmAk=', type: 'board', name: 'bench' });

// ExportResultCode.SUCCESS is 0 (@opentelemetry/core, not a dependency of miro-rx).
const SUCCESS = { code: 0 };
const noSpans: SpanExporter = { export: (_spans, done) => done(SUCCESS), shutdown: async () => {} };
const noMetrics: PushMetricExporter = { export: (_metrics, done) => done(SUCCESS), forceFlush: async () => {}, shutdown: async () => {} };

if (process.argv.includes('--server')) serve();
else await main();

/** Child process: a Miro-shaped loopback server answering every request with one small board. */
function serve(): void {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-request-id': 'bench-request-id',
        'x-ratelimit-limit': '100000000',
        'x-ratelimit-remaining': '99999999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
      });
      response.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'] });
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (message) => resolve(message as { url: string })));
  const rateLimit = { budget: 100_000_000, windowMs: 60_000 };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noSpans)] });
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: noMetrics })] });
  const clients: Array<[string, MiroApi]> = [
    ['absent', new MiroApi('bench-absent', { baseUrl: url, rateLimit })],
    ['API, no SDK', new MiroApi('bench-api', { baseUrl: url, rateLimit, telemetry: openTelemetry() })],
    ['SDK, no-op exporter', new MiroApi('bench-sdk', { baseUrl: url, rateLimit, telemetry: openTelemetry({ tracerProvider, meterProvider }) })],
    ['SDK work alone', sdkWorkAlone(new MiroApi('bench-floor', { baseUrl: url, rateLimit }), tracerProvider, meterProvider)],
  ];
  const rates = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  for (const [, api] of clients) await callsPerSecond(api, 300); // warm-up: JIT, sockets
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rounds in a balanced order: each variant runs after each other one equally often, so that
    // none always inherits another's leftovers (spans queued for export, garbage to collect).
    const order = balancedOrder(clients.length, round).map((n) => clients[n]!);
    for (const [name, api] of order) {
      const before = process.cpuUsage();
      rates.get(name)!.push(await callsPerSecond(api, CALLS));
      const used = process.cpuUsage(before);
      cpu.get(name)!.push((used.user + used.system) / CALLS);
    }
  }
  console.log(
    `${CALLS} calls x ${ROUNDS} rounds, ${IN_FLIGHT} in flight; load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  // Each round's ratio to the round's own `absent` run, then their median: a machine that is busier
  // in one round than the next then moves both sides of a ratio, not one.
  const absentRates = rates.get('absent')!;
  const absentCpu = cpu.get('absent')!;
  for (const [name] of clients) {
    const rate = median(rates.get(name)!);
    const rateRatio = median(rates.get(name)!.map((r, round) => r / absentRates[round]!));
    const cpuRatio = median(cpu.get(name)!.map((c, round) => absentCpu[round]! / c));
    const per = rates
      .get(name)!
      .map((n) => n.toFixed(0))
      .join(' ');
    console.log(
      `${name.padEnd(20)} ${rate.toFixed(0).padStart(6)} calls/s  ${rateRatio.toFixed(3)}x  ` +
        `client CPU ${median(cpu.get(name)!).toFixed(0)} µs/call (${cpuRatio.toFixed(3)}x)  (rounds: ${per})`,
    );
  }
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  child.disconnect();
}

/** Calls per second for `calls` calls, `IN_FLIGHT` at a time. */
async function callsPerSecond(api: MiroApi, calls: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      await firstValueFrom(api.getSpecificBoard('uXjVOfjkmAk='));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return calls / ((performance.now() - started) / 1000);
}

/** Round `round` of a Williams design: over 2n rounds, each of n items follows each other one equally often. */
function balancedOrder(n: number, round: number): number[] {
  const row = round % n;
  const order = Array.from({ length: n }, (_, j) => (j === 0 ? row : j % 2 === 1 ? row + (j + 1) / 2 : row - j / 2));
  const wrapped = order.map((i) => ((i % n) + n) % n);
  return round % (2 * n) < n ? wrapped : wrapped.reverse();
}

/** The SDK calls miro-rx makes for a call, made from axios interceptors (the reference variant). */
function sdkWorkAlone(api: MiroApi, tracerProvider: BasicTracerProvider, meterProvider: MeterProvider): MiroApi {
  const tracer = tracerProvider.getTracer('bench-floor');
  const meter = meterProvider.getMeter('bench-floor');
  const [duration, credits, wait] = [meter.createHistogram('duration'), meter.createCounter('credits'), meter.createHistogram('wait')];
  const started = new WeakMap<object, [Span, Span, number]>();
  const target = { 'server.address': '127.0.0.1', 'server.port': 1, 'url.template': '/v2/boards/{board_id}' };
  api.client.axios.interceptors.request.use((config) => {
    const call = tracer.startSpan('get-specific-board', { kind: SpanKind.INTERNAL }, ROOT_CONTEXT);
    call.setAttribute('miro.operation.id', 'get-specific-board');
    const attributes = {
      'http.request.method': 'GET',
      ...target,
      'url.full': config.url,
      'miro.operation.id': 'get-specific-board',
      'miro.credits.charged': 50,
      'miro.credits.queued_ms': 0,
    };
    started.set(config, [
      call,
      tracer.startSpan('GET /v2/boards/{board_id}', { kind: SpanKind.CLIENT, attributes }, trace.setSpan(ROOT_CONTEXT, call)),
      performance.now(),
    ]);
    credits.add(50, { 'miro.budget.id': '0123456789abcdef' });
    wait.record(0);
    return config;
  });
  api.client.axios.interceptors.response.use((response) => {
    const [call, attempt, at] = started.get(response.config)!;
    const { headers } = response;
    const outcome: Attributes = { 'http.response.status_code': response.status, 'miro.request_id': String(headers['x-request-id']) };
    for (const name of ['limit', 'remaining', 'reset']) outcome[`miro.rate_limit.${name}`] = Number(headers[`x-ratelimit-${name}`]);
    attempt.setAttributes(outcome);
    attempt.end();
    call.setAttribute('miro.attempts', 1);
    call.end();
    duration.record((performance.now() - at) / 1000, { 'http.request.method': 'GET', ...target, 'http.response.status_code': response.status });
    return response;
  });
  return api;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
