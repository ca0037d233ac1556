/**
 * What telemetry costs per call (one run, ratios from that run; not a test). `npm run bench telemetry`.
 * Sequential-ish calls (8 in flight) of `getSpecificBoard` against a loopback server in a child
 * process (so its work stays out of this event loop), three clients taking turns, round after
 * round, the median of each reported:
 * - absent: no `telemetry` option, `miro-rx/otel` never used by the client (the default);
 * - API, no SDK: `openTelemetry()` on the global providers with no SDK registered (goal >= 0.98x);
 * - SDK, no-op exporter: a BasicTracerProvider with a BatchSpanProcessor and a MeterProvider with a
 *   periodic reader, both exporting nowhere (goal >= 0.9x).
 * Also the client's CPU time per call (this process only), which a busy machine disturbs less
 * than wall-clock rates. BENCH_CALLS (default 2,000 per round) and BENCH_ROUNDS (default 7) shorten or lengthen it.
 */
import http from 'node:http';
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { firstValueFrom } from 'rxjs';
import { MiroApi } from '../src/index.js';
import { openTelemetry } from '../src/otel.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
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
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: noMetrics, exportIntervalMillis: 1_000 })] });
  const clients: Array<[string, MiroApi]> = [
    ['absent', new MiroApi('bench-absent', { baseUrl: url, rateLimit })],
    ['API, no SDK', new MiroApi('bench-api', { baseUrl: url, rateLimit, telemetry: openTelemetry() })],
    ['SDK, no-op exporter', new MiroApi('bench-sdk', { baseUrl: url, rateLimit, telemetry: openTelemetry({ tracerProvider, meterProvider }) })],
  ];
  const rates = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  const cpu = new Map<string, number[]>(clients.map(([name]) => [name, []]));
  for (const [, api] of clients) await callsPerSecond(api, 300); // warm-up: JIT, sockets
  for (let round = 0; round < ROUNDS; round += 1) {
    // A different order each round, so that no variant always runs right after the same one.
    const order = round % 2 === 0 ? clients : [...clients].reverse();
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
