/**
 * Loads the trimmed OpenAPI document and turns it into a clean model of operations.
 * Every defect listed in FACTS.md is handled here, in one place:
 * - `$ref`s to the missing `components.responses` are recognised and skipped (Miro's error body);
 * - invented placeholder names (`{board_id_PlatformTags}`) and a trailing `?` are normalised;
 * - routes shared by several operations are detected and recorded;
 * - SCIM operations are sent to their own base URL;
 * - per-area copies of schemas are merged or renamed (schema-aliases.ts).
 */
import { readFileSync } from 'node:fs';
import { CHARGED_PER_ITEM, COMPONENT_CORRECTIONS, JSON_FILE_PARTS, REQUEST_BODY_CORRECTIONS, SCIM_PATH_PREFIXES } from './miro-facts.js';
import { camelCase, methodNameOf } from './naming.js';
import { normaliseSchemaNames } from './schema-aliases.js';
import { splitBulkItemSchema } from './bulk-item-schemas.js';

export type Schema = Record<string, any>;

export interface ModelParameter {
  name: string;
  key: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
  explode?: boolean;
}

export interface ModelOperation {
  operationId: string;
  methodName: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  rawPath: string;
  path: string;
  server: 'rest' | 'scim';
  pathParameters: ModelParameter[];
  queryParameters: ModelParameter[];
  body?: { contentType: string; required: boolean; schema: Schema };
  successSchema?: Schema;
  emptyResponse: boolean;
  /**
   * Some documented success has no body: a 204, or a code the document gives no content. True
   * for every `emptyResponse` operation, and for those whose answers vary (update-board: 200
   * with the board, or 202 with nothing). When false, Miro always sends a body on success.
   */
  successMayBeEmpty: boolean;
  rateLimitLevel: 1 | 2 | 3 | 4 | null;
  chargedPerItem: boolean;
  jsonFileParts: string[];
  pagination: 'cursor' | 'offset' | 'scim' | 'none';
  sharesRouteWith: string[];
  deprecated: boolean;
  summary?: string;
}

export interface SpecModel {
  title: string;
  version: string;
  schemas: Record<string, Schema>;
  operations: ModelOperation[];
  danglingResponseRefs: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const PLACEHOLDER = /\{([A-Za-z0-9]+(?:_[a-z]+)*?)_Platform[A-Za-z]*\}/g;

/** `{board_id_PlatformTags}` -> `{board_id}`; `/groups/{group_id}?` -> `/groups/{group_id}`. */
export function normalisePath(path: string): string {
  return path.replace(PLACEHOLDER, '{$1}').replace(/\?$/, '');
}

function normaliseParameterName(name: string): string {
  return name.replace(/^([A-Za-z0-9]+(?:_[a-z]+)*?)_Platform[A-Za-z]*$/, '$1');
}

export function loadSpec(file: string): SpecModel {
  const document = JSON.parse(readFileSync(file, 'utf8'));
  normaliseSchemaNames(document);
  for (const [name, schema] of Object.entries(COMPONENT_CORRECTIONS)) {
    if (!document.components?.schemas?.[name]) throw new Error(`correction for missing schema ${name}`);
    document.components.schemas[name] = schema;
  }
  const schemas: Record<string, Schema> = document.components?.schemas ?? {};
  splitBulkItemSchema(schemas);
  const sharedParameters: Record<string, Schema> = document.components?.parameters ?? {};
  const responses: Record<string, Schema> = document.components?.responses ?? {};
  let danglingResponseRefs = 0;

  const resolveParameter = (parameter: Schema): Schema => {
    if (!parameter.$ref) return parameter;
    const name = String(parameter.$ref).split('/').pop()!;
    const resolved = sharedParameters[name];
    if (!resolved) throw new Error(`parameter $ref ${parameter.$ref} points at nothing`);
    return resolved;
  };

  const operations: ModelOperation[] = [];
  for (const [rawPath, item] of Object.entries<Schema>(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${rawPath} (${op.operationId})`;
      if (!op.operationId) throw new Error(`${where}: no operationId`);
      const path = normalisePath(rawPath);
      const server = SCIM_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ? 'scim' : 'rest';

      const parameters: ModelParameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map(resolveParameter)
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => {
          const name = p.in === 'path' ? normaliseParameterName(p.name) : p.name;
          return {
            name,
            key: camelCase(name),
            in: p.in,
            required: p.in === 'path' ? true : Boolean(p.required),
            schema: p.schema ?? {},
            ...(p.explode === false ? { explode: false } : {}),
          };
        });

      // Path parameters in URL order, and every placeholder declared exactly once.
      const placeholders = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const declared = parameters.filter((p) => p.in === 'path');
      const pathParameters = placeholders.map((name) => {
        const parameter = declared.find((p) => p.name === name);
        if (!parameter) throw new Error(`${where}: placeholder {${name}} has no path parameter`);
        return parameter;
      });
      for (const p of declared) {
        if (!placeholders.includes(p.name)) throw new Error(`${where}: path parameter ${p.name} is not in the path`);
      }
      const queryParameters = parameters.filter((p) => p.in === 'query');

      let body: ModelOperation['body'];
      if (op.requestBody) {
        const content: Record<string, Schema> = op.requestBody.content ?? {};
        // SCIM bodies offer scim+json and plain JSON: prefer the SCIM type, which the server expects.
        const contentType = ['application/scim+json', 'application/json', 'multipart/form-data'].find((t) => t in content);
        if (!contentType) throw new Error(`${where}: unsupported body content types ${Object.keys(content).join(', ')}`);
        const schema = REQUEST_BODY_CORRECTIONS[op.operationId] ?? content[contentType]!.schema ?? {};
        body = { contentType, required: Boolean(op.requestBody.required), schema };
      }

      let successSchema: Schema | undefined;
      let emptyResponse = true;
      let someSuccessEmpty = false;
      for (const [code, response] of Object.entries<Schema>(op.responses ?? {})) {
        if (response.$ref) {
          // The document refers to components.responses, which it does not have.
          const name = String(response.$ref).split('/').pop()!;
          if (!responses[name]) danglingResponseRefs += 1;
          continue;
        }
        if (!/^2\d\d$/.test(code)) continue;
        // A 204 never has a body, though the document gives 23 of them a JSON schema.
        const media = code === '204' ? undefined : (response.content?.['application/json'] ?? response.content?.['application/scim+json']);
        if (media) {
          emptyResponse = false;
          successSchema ??= media.schema;
        } else {
          someSuccessEmpty = true;
        }
      }

      const queryNames = new Set(queryParameters.map((p) => p.name));
      const pagination = queryNames.has('cursor')
        ? 'cursor'
        : queryNames.has('offset')
          ? 'offset'
          : queryNames.has('startIndex') && queryNames.has('count')
            ? 'scim'
            : 'none';

      operations.push({
        operationId: op.operationId,
        methodName: methodNameOf(op.operationId),
        method: method.toUpperCase() as ModelOperation['method'],
        rawPath,
        path,
        server,
        pathParameters,
        queryParameters,
        body,
        successSchema,
        emptyResponse,
        successMayBeEmpty: someSuccessEmpty,
        rateLimitLevel: op['x-miro-rate-limit-level'] ?? null,
        chargedPerItem: CHARGED_PER_ITEM.has(op.operationId),
        jsonFileParts: JSON_FILE_PARTS[op.operationId] ?? [],
        pagination,
        sharesRouteWith: [],
        deprecated: Boolean(op.deprecated),
        summary: op.summary,
      });
    }
  }

  // Several operations share a method and URL once placeholders are normalised.
  const byRoute = new Map<string, ModelOperation[]>();
  for (const op of operations) {
    const route = `${op.server} ${op.method} ${op.path.replace(/\{[^}]+\}/g, '{}')}`;
    byRoute.set(route, [...(byRoute.get(route) ?? []), op]);
  }
  for (const group of byRoute.values()) {
    for (const op of group) op.sharesRouteWith = group.filter((o) => o !== op).map((o) => o.operationId);
  }

  const seen = new Set<string>();
  for (const op of operations) {
    if (seen.has(op.methodName)) throw new Error(`two operations map to the method name ${op.methodName}`);
    seen.add(op.methodName);
  }

  return { title: document.info?.title ?? '', version: document.info?.version ?? '', schemas, operations, danglingResponseRefs };
}
