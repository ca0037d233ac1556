import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import { documentSchemas, type DocumentSchemas } from '../generated/document-schemas.js';
import { anyOfShapes, bulkBody, withWrittenRules } from './document-rules.js';

/** One thing wrong with a body, as Miro's 400 names it. */
export interface DocumentIssue {
  field: string;
  message: string;
}

// ajv-formats is CommonJS whose default export is the plugin; an ES import sees it either way.
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv) => Ajv;

/**
 * Judges request bodies (and, for tests, response bodies) by Miro's document with ajv: the
 * document's own schemas plus its written rules, independent of the client's generated zod
 * validators, so that a body the client lets through is still judged by the document. Built
 * when a simulator starts; each operation's schema is compiled on first use.
 */
export class DocumentValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: DocumentSchemas = documentSchemas) {
    this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, validateSchema: false });
    addFormats(this.ajv);
    // OpenAPI's number formats are ranges of JSON numbers; Miro's int64 ids may arrive as strings.
    for (const format of ['int32', 'int64', 'double', 'float', 'binary']) this.ajv.addFormat(format, true);
    this.ajv.addKeyword({
      keyword: 'numericString',
      schemaType: 'object',
      validate: (range: { minimum?: number; maximum?: number }, value: unknown) => {
        if (typeof value !== 'string') return true;
        const number = Number(value);
        if (value.trim() === '' || !Number.isFinite(number)) return false;
        return (range.minimum === undefined || number >= range.minimum) && (range.maximum === undefined || number <= range.maximum);
      },
      errors: false,
    });
    const operations = anyOfShapes(
      Object.fromEntries(
        Object.entries(document.operations).map(([id, schemas]) => [id, id === 'create-items' ? { ...schemas, body: bulkBody(schemas.body) } : schemas]),
      ),
    );
    this.ajv.addSchema({ $id: 'miro', components: { schemas: withWrittenRules(document.components.schemas) }, operations });
  }

  /** The first thing wrong with a request's JSON body, or undefined when the document accepts it. */
  requestIssue(operationId: string, body: unknown): DocumentIssue | undefined {
    const validate = this.validator(operationId, 'body', ['body']);
    if (!validate || validate(body)) return undefined;
    return issueOf(validate.errors ?? [], 'body');
  }

  /**
   * What is wrong with a response body by the document's schema for its status: `[]` when it
   * validates, `undefined` when the document has no schema for that status.
   */
  responseIssues(operationId: string, status: number, body: unknown): DocumentIssue[] | undefined {
    const declared = this.document.operations[operationId]?.responses[String(status)];
    if (declared === undefined || declared === null) return undefined;
    const validate = this.validator(operationId, `response ${status}`, ['responses', String(status)]);
    if (!validate || validate(body)) return [];
    return [issueOf(validate.errors ?? [], 'response')];
  }

  private validator(operationId: string, key: string, path: string[]): ValidateFunction | null {
    const cacheKey = `${operationId} ${key}`;
    if (!this.compiled.has(cacheKey)) {
      const schemas = this.document.operations[operationId] as Record<string, unknown> | undefined;
      const exists = path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], schemas) !== undefined;
      const pointer = ['operations', operationId, ...path].map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
      this.compiled.set(cacheKey, exists ? this.ajv.compile({ $ref: `miro#/${pointer}` }) : null);
    }
    return this.compiled.get(cacheKey)!;
  }
}

let shared: DocumentValidator | undefined;
/** One validator per process: the document does not change, and compiling its schemas takes a while. */
export function documentValidator(): DocumentValidator {
  shared ??= new DocumentValidator();
  return shared;
}

/** The most specific error (the deepest field), worded as `body.0.style.fillColor must be ...`. */
function issueOf(errors: readonly ErrorObject[], root: string): DocumentIssue {
  const deepest = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
  if (!deepest) return { field: root, message: 'does not match the document' };
  const parts = deepest.instancePath.split('/').filter(Boolean);
  // A field name refused by `propertyNames` (a sticky note's `data.url`) is named on the error itself.
  const foreign = (deepest as { propertyName?: string }).propertyName;
  if (foreign !== undefined) parts.push(foreign);
  const field = [root, ...parts].join('.');
  const message =
    foreign !== undefined
      ? 'is not a field of this item type'
      : deepest.keyword === 'not'
        ? 'must not set both width and height (the item keeps its ratio)'
        : deepest.keyword === 'enum'
          ? `must be one of ${(deepest.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`
          : deepest.keyword === 'numericString'
            ? 'must be a number within the range the document states'
            : (deepest.message ?? 'is invalid');
  return { field, message };
}
