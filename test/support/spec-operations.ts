/**
 * The test oracle: operations read straight from spec/miro-openapi.json, independently of the
 * generator, so that a generator mistake shows up as a difference instead of being copied.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMPONENT_CORRECTIONS, REQUEST_BODY_CORRECTIONS } from '../../scripts/generate/miro-facts.js';

export type Schema = Record<string, any>;

export interface SpecParameter {
  /** Name on the wire, e.g. `parent_item_id`. */
  name: string;
  required: boolean;
  schema: Schema;
}

export interface SpecOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path exactly as the document writes it, placeholders and trailing `?` included. */
  rawPath: string;
  /** Path parameter names in URL order, as the document spells them. */
  pathParameters: string[];
  queryParameters: SpecParameter[];
  body?: { contentTypes: string[]; required: boolean; schema: Schema };
  /** First 2xx status the document lists, and the schema of its JSON answer, if any. */
  successStatus: number;
  successSchema?: Schema;
}

export interface SpecDocument {
  schemas: Record<string, Schema>;
  operations: SpecOperation[];
}

const SPEC_FILE = fileURLToPath(new URL('../../spec/miro-openapi.json', import.meta.url));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
let cached: SpecDocument | undefined;

/** Every operation of the committed document, in document order. */
export function loadSpecDocument(): SpecDocument {
  if (cached) return cached;
  const document = JSON.parse(readFileSync(SPEC_FILE, 'utf8'));
  // The document's own schemas, with the components the generator corrects (miro-facts.ts).
  const schemas: Record<string, Schema> = { ...document.components.schemas, ...COMPONENT_CORRECTIONS };
  const shared: Record<string, Schema> = document.components.parameters ?? {};
  const resolve = (parameter: Schema): Schema => (parameter.$ref ? shared[String(parameter.$ref).split('/').pop()!]! : parameter);

  const operations: SpecOperation[] = [];
  for (const [rawPath, item] of Object.entries<Schema>(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
      const successCode = Object.keys(op.responses ?? {}).find((code) => /^2\d\d$/.test(code)) ?? '200';
      const content = op.responses?.[successCode]?.content ?? {};
      const media = content['application/json'] ?? content['application/scim+json'];
      const body = op.requestBody
        ? {
            contentTypes: Object.keys(op.requestBody.content),
            required: Boolean(op.requestBody.required),
            // The facts file corrects bodies the document gets wrong (board groups): use its version too.
            schema: (REQUEST_BODY_CORRECTIONS[op.operationId] as Schema | undefined) ?? Object.values<Schema>(op.requestBody.content)[0]!.schema,
          }
        : undefined;
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase() as SpecOperation['method'],
        rawPath,
        pathParameters: [...rawPath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
        queryParameters: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema ?? {} })),
        ...(body ? { body } : {}),
        successStatus: Number(successCode),
        successSchema: successCode === '204' ? undefined : media?.schema,
      });
    }
  }
  cached = { schemas, operations };
  return cached;
}

/** Follows `#/components/schemas/...` refs to a concrete schema. */
export function deref(schema: Schema | undefined, schemas: Record<string, Schema>): Schema {
  let current = schema ?? {};
  while (typeof current.$ref === 'string') current = schemas[decodeURIComponent(current.$ref.split('/').pop()!)]!;
  return current;
}
