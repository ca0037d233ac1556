/**
 * The browser-safe rule, for everyone: `src/index.ts` and all it imports must bundle for the
 * browser with nothing Node-only (no `node:*`, no Node built-ins, no ioredis, no fs). And the
 * tree-shaking rule of `miro-rx/operations`: an app that calls three operation functions ships
 * those three operations, not the other 194, from the sources and from the ESM build alike.
 */
import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build as tsup, type Options } from 'tsup';
import { afterAll, describe, expect, it } from 'vitest';
import configs from '../../tsup.config.js';

const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'ioredis']);
const ROOT = resolve(import.meta.dirname, '../..');

/** An app calling three operations, importing the client and the functions from `entry`. */
const threeOperationApp = (entry: string) => `
import { MiroClient, createStickyNoteItem, getItems, getSpecificBoard } from '${entry}';
const client = new MiroClient(() => localStorage.getItem('miro-token') ?? '');
getSpecificBoard(client, 'uXjVOfjkmAk=').subscribe((board) => console.log(board.name));
getItems(client, 'uXjVOfjkmAk=', { limit: 50 }).subscribe((page) => console.log(page.data.length));
createStickyNoteItem(client, 'uXjVOfjkmAk=', { data: { content: 'Hello' } }).subscribe((note) => console.log(note.id));
`;

async function bundleApp(source: string) {
  return build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts', sourcefile: 'three-operations.ts' },
    bundle: true,
    minify: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
}

/** Every operation whose descriptor is in the bundle. */
const operationIdsIn = (code: string) => [...code.matchAll(/operationId:"([^"]+)"/g)].map((match) => match[1]).sort();

const work = mkdtempSync(join(ROOT, 'node_modules', '.miro-rx-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `entry` bundled for the browser: its errors, the modules it took in and their Node-only imports. */
async function browserBundle(entry: string) {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent' });
  const metafile = result.metafile as Metafile;
  const imports = Object.entries(metafile.inputs).flatMap(([file, input]) => input.imports.map((i) => ({ file, path: i.path })));
  const nodeOnly = imports.filter(({ path }) => NODE_ONLY.has(path) || path.startsWith('node:'));
  return { result, inputs: Object.keys(metafile.inputs), nodeOnly };
}

describe('browser safety', () => {
  it('src/index.ts bundles for platform browser without any Node-only import', async () => {
    const { result, inputs, nodeOnly } = await browserBundle('src/index.ts');
    expect(result.errors).toEqual([]);
    expect(nodeOnly, 'Node-only imports on the browser path').toEqual([]);
    expect(inputs.filter((file) => /src\/(node|simulator)\//.test(file))).toEqual([]);
    // The optional peer: only miro-rx/otel may load it, so an app without it needs nothing installed.
    expect(inputs.filter((file) => file.includes('@opentelemetry'))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\b(require\(|from\s*)["']node:/);
  });

  it('src/otel.ts (miro-rx/otel) bundles for the browser too, with @opentelemetry/api', async () => {
    const { result, inputs, nodeOnly } = await browserBundle('src/otel.ts');
    expect(result.errors).toEqual([]);
    expect(nodeOnly).toEqual([]);
    expect(inputs.some((file) => file.includes('@opentelemetry/api'))).toBe(true);
  });
});

describe('tree-shaking miro-rx/operations', () => {
  const three = ['create-sticky-note-item', 'get-items', 'get-specific-board'];

  it('from the sources: only the three operation modules, no MiroApi and no method table', async () => {
    const result = await bundleApp(threeOperationApp('./src/operations.ts'));
    const [output] = Object.values(result.metafile.outputs);
    const kept = Object.entries(output!.inputs)
      .filter(([file, input]) => file.startsWith('src/generated/') && input.bytesInOutput > 0)
      .map(([file]) => file);
    expect(kept.filter((file) => file.includes('/operations/')).sort()).toEqual(three.map((name) => `src/generated/operations/${name}.ts`));
    expect(kept).not.toContain('src/generated/miro-api-methods.ts');
    expect(Object.keys(output!.inputs)).not.toContain('src/miro-api.ts');
    expect(operationIdsIn(result.outputFiles[0]!.text)).toEqual(three);
  });

  it('an app of JSON operations bundles no file upload code and none of rxjs schedulers', async () => {
    const result = await bundleApp(threeOperationApp('./src/operations.ts'));
    const kept = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file);
    expect(kept.filter((file) => file.startsWith('src/files/') && !file.endsWith('multipart-body.ts'))).toEqual([]);
    expect(kept.filter((file) => /rxjs\/.*\/(scheduler|scheduled)\/(?!timeoutProvider)/.test(file))).toEqual([]);
  });

  it('from the ESM build (tsup.config.ts): only the three descriptors reach the app', async () => {
    const esm = (Array.isArray(configs) ? configs[0] : configs) as Options;
    const outDir = join(work, 'dist');
    await tsup({ ...esm, dts: false, sourcemap: false, outDir, silent: true, config: false });
    const result = await bundleApp(threeOperationApp(join(outDir, 'operations.js')));
    expect(operationIdsIn(result.outputFiles[0]!.text)).toEqual(three);
  }, 60_000);
});
