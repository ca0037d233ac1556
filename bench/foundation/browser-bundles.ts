/**
 * Browser bundles of small apps (esbuild --bundle --minify --platform=browser), from the built
 * package: an app calling three operations through `miro-rx/operations`, the same app with more
 * operations (what each further one costs), and the app calling them as `MiroApi` methods.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Operations the apps call after the first three, in this order. */
const FURTHER = [
  ['getTag', "'b', 't'"],
  ['deleteItem', "'b', 'i'"],
  ['createFrameItem', "'b', { data: { title: 'Frame' } }"],
  ['getBoardMembers', "'b', { limit: 10 }"],
  ['updateStickyNoteItem', "'b', 'i', { data: { content: 'x' } }"],
] as const;
const FIRST = [
  ['getSpecificBoard', "'uXjVOfjkmAk='"],
  ['getItems', "'uXjVOfjkmAk=', { limit: 50 }"],
  ['createStickyNoteItem', "'uXjVOfjkmAk=', { data: { content: 'Hello' } }"],
] as const;

export interface BundleSize {
  minified: number;
  gzipped: number;
  /** Minified bytes by origin. */
  parts: Record<string, number>;
}

/**
 * An app calling the first `count` operations, as functions or as methods; `functions-client-from-index`
 * takes `MiroClient` from the main entry instead of `miro-rx/operations`.
 */
function app(count: number, style: 'functions' | 'methods' | 'functions-client-from-index', dist: { index: string; operations: string }): string {
  const calls = [...FIRST, ...FURTHER].slice(0, count);
  const client = "(() => localStorage.getItem('miro-token') ?? '')";
  if (style === 'methods') {
    return [
      `import { MiroApi } from ${JSON.stringify(dist.index)};`,
      `const api = new MiroApi${client};`,
      ...calls.map(([name, args]) => `api.${name}(${args}).subscribe((value) => console.log(value));`),
    ].join('\n');
  }
  if (style === 'functions-client-from-index') {
    return [
      `import { MiroClient } from ${JSON.stringify(dist.index)};`,
      `import { ${calls.map(([name]) => name).join(', ')} } from ${JSON.stringify(dist.operations)};`,
      `const client = new MiroClient${client};`,
      ...calls.map(([name, args]) => `${name}(client, ${args}).subscribe((value) => console.log(value));`),
    ].join('\n');
  }
  return [
    `import { MiroClient, ${calls.map(([name]) => name).join(', ')} } from ${JSON.stringify(dist.operations)};`,
    `const client = new MiroClient${client};`,
    ...calls.map(([name, args]) => `${name}(client, ${args}).subscribe((value) => console.log(value));`),
  ].join('\n');
}

/**
 * The floor of the design: the same three calls made with its five packages composed by hand,
 * nothing of miro-rx (zod checks the inputs, a Bottleneck job per call, axios-retry on an axios
 * instance, each call a cold Observable).
 */
const PACKAGES_ALONE = `
import axios from 'axios';
import axiosRetry, { exponentialDelay } from 'axios-retry';
import Bottleneck from 'bottleneck/light.js';
import * as z from 'zod/mini';
import { defer } from 'rxjs';
const http = axios.create({ baseURL: 'https://api.miro.com/v2' });
axiosRetry(http, { retries: 3, retryDelay: exponentialDelay });
const limiter = new Bottleneck({ reservoir: 100000, reservoirRefreshAmount: 100000, reservoirRefreshInterval: 60000 });
const id = z.string().check(z.minLength(1));
const limit = z.optional(z.int().check(z.minimum(10), z.maximum(50)));
const sticky = z.object({ data: z.object({ content: z.optional(z.string()) }) });
const call = (weight, config) =>
  defer(() => limiter.schedule({ weight }, () => http.request({ ...config, headers: { authorization: 'Bearer ' + (localStorage.getItem('miro-token') ?? '') } }).then((r) => r.data)));
call(50, { url: '/boards/' + encodeURIComponent(id.parse('uXjVOfjkmAk=')) }).subscribe((value) => console.log(value));
call(50, { url: '/boards/' + encodeURIComponent(id.parse('uXjVOfjkmAk=')) + '/items', params: { limit: limit.parse(50) } }).subscribe((value) => console.log(value));
call(500, { method: 'POST', url: '/boards/' + encodeURIComponent(id.parse('uXjVOfjkmAk=')) + '/sticky_notes', data: sticky.parse({ data: { content: 'Hello' } }) }).subscribe((value) => console.log(value));
`;

async function bundle(source: string, root: string): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts', sourcefile: 'app.ts' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const parts: Record<string, number> = {};
  for (const [file, input] of Object.entries(inputs)) {
    // The ESM build carries zod, Bottleneck's light build and axios-retry inside it (tsup.config.ts):
    // in a bundle made from it they count as miro-rx; from the sources, each package is apart.
    const origin = /node_modules\/(?!\.cache)((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'miro-rx';
    const key = ['axios', 'rxjs', 'zod', 'bottleneck'].includes(origin) || origin.startsWith('miro-rx') ? origin : 'other packages';
    parts[key] = (parts[key] ?? 0) + input.bytesInOutput;
  }
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, parts };
}

export async function browserBundles(dist: { index: string; operations: string }, sources: { index: string; operations: string }, root: string) {
  const three = await bundle(app(3, 'functions', dist), root);
  // The same app from the sources, where the bundler sees each package (zod, Bottleneck) apart.
  const fromSources = await bundle(app(3, 'functions', sources), root);
  const eight = await bundle(app(3 + FURTHER.length, 'functions', dist), root);
  const methods = await bundle(app(3, 'methods', dist), root);
  const clientFromIndex = await bundle(app(3, 'functions-client-from-index', dist), root);
  const packagesAlone = await bundle(PACKAGES_ALONE, root);
  return { three, fromSources, eight, methods, clientFromIndex, packagesAlone, further: FURTHER.length };
}
