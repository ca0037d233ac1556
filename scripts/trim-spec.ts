/**
 * Makes spec/miro-openapi.json from Miro's published OpenAPI document.
 *
 * The copy keeps only machine-readable facts: paths, methods, parameters, schemas, examples,
 * short summaries, and the rate-limit level, which Miro writes inside prose and which we lift
 * into `x-miro-rate-limit-level`. Every `description` and other prose is dropped.
 * The document's defects (dangling response refs, placeholder path names) are kept on purpose:
 * the generator, not this script, is what copes with them.
 *
 * Usage: npm run spec:trim [-- path/to/openapi.json]
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';

const source = resolve(process.argv[2] ?? '../shared/miro/openapi.json');
const target = resolve('spec/miro-openapi.json');
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const PROSE_KEYS = new Set(['description', 'externalDocs', 'x-settings', 'termsOfService', 'contact']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function stripProse(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripProse);
  if (node === null || typeof node !== 'object') return node;
  const kept: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    // A schema property may legitimately be called "description": only drop prose values.
    if (PROSE_KEYS.has(key) && (typeof value === 'string' || key !== 'description')) continue;
    kept[key] = stripProse(value);
  }
  return kept;
}

function rateLimitLevel(description: unknown): number | undefined {
  if (typeof description !== 'string') return undefined;
  const match = /Rate limiting[\s\S]*?Level\s*(\d)/i.exec(description);
  return match ? Number(match[1]) : undefined;
}

const document = JSON.parse(readFileSync(source, 'utf8'));
const paths: Record<string, Record<string, Json>> = {};
let operations = 0;
for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
  const trimmedItem: Record<string, Json> = {};
  for (const [key, value] of Object.entries(item)) {
    if (!HTTP_METHODS.includes(key)) {
      trimmedItem[key] = stripProse(value);
      continue;
    }
    operations += 1;
    const level = rateLimitLevel(value.description);
    const operation = stripProse(value) as { [key: string]: Json };
    if (level !== undefined) operation['x-miro-rate-limit-level'] = level;
    trimmedItem[key] = operation;
  }
  paths[path] = trimmedItem;
}

const trimmed = {
  openapi: document.openapi,
  info: { title: document.info.title, version: document.info.version },
  'x-miro-source': "Trimmed by scripts/trim-spec.ts from Miro's published OpenAPI document; prose removed.",
  servers: document.servers,
  paths,
  components: stripProse(document.components),
};

// Write then rename, so an interrupted run never leaves half a file behind.
writeFileSync(`${target}.tmp`, `${JSON.stringify(trimmed, null, 1)}\n`);
renameSync(`${target}.tmp`, target);
console.log(`spec/miro-openapi.json: ${operations} operations from ${source}`);
