import type { ZodMiniType } from 'zod/mini';
// The English locale alone: `zod/v4/locales` (and zod's own index) load every language.
import english from 'zod/v4/locales/en.js';
import type { Operation } from './operation.js';
import type { OperationInput } from './operation-input.js';
import { MiroValidationError, type ValidationIssue } from '../errors/miro-errors.js';

/** What a call's check covers. */
export interface ValidationScope {
  /**
   * The body was built by miro-rx from inputs each already checked against the operation's body
   * schema and limits (a bulk batch): it is not parsed again. Path and query still are.
   */
  bodyChecked?: boolean;
}

/**
 * Checks a call's path, query and body against the operation's schemas and its limits.
 * Throws one `MiroValidationError` naming every bad field; nothing is sent when it throws.
 */
export function validateInput(operation: Operation, input: OperationInput, scope: ValidationScope = {}): void {
  const validators = operation.input();
  const issues: ValidationIssue[] = [];
  const pathKeys = Object.keys((validators.path as unknown as { shape: object }).shape ?? {});
  const pathObject = Object.fromEntries(pathKeys.map((key, index) => [key, input.path[index]]));
  collect(validators.path, pathObject, '', issues);
  for (const [index, key] of pathKeys.entries()) {
    if (isDotSegment(input.path[index])) issues.push({ field: key, message: DOT_SEGMENT_MESSAGE });
  }
  if (validators.query) collect(validators.query, input.query ?? {}, 'query', issues);
  else if (input.query && Object.keys(input.query).length) issues.push({ field: 'query', message: 'is not accepted by this operation' });
  if (!scope.bodyChecked) {
    if (validators.body) collect(validators.body, input.body, 'body', issues);
    if (validators.bodyLimits && typeof input.body === 'object' && input.body !== null) issues.push(...validators.bodyLimits(input.body));
  }
  if (issues.length) throw new MiroValidationError(operation.operationId, issues, { method: operation.method, path: operation.path });
}

const DOT_SEGMENT_MESSAGE = 'must not be "." or ".." (it would change which route the request reaches)';

/**
 * `.` and `..` survive percent-encoding: WHATWG URL parsing (axios's adapters) reads
 * `%2E%2E` as `..` too, so `deleteItem(boardId, '..')` would become `DELETE /v2/boards/<id>/`.
 * Refused here, before axios sees the URL.
 */
function isDotSegment(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  return text === '.' || text === '..';
}

// zod's mini API sets no language globally; give English per parse rather than change the
// global config of an app that may use zod (and another language) itself.
// Made on first use: importing this module runs no zod code.
let englishErrors: ReturnType<typeof english>['localeError'] | undefined;

function collect(schema: ZodMiniType, value: unknown, prefix: string, issues: ValidationIssue[]): void {
  const result = schema.safeParse(value, { error: (englishErrors ??= english().localeError) });
  if (result.success) return;
  for (const issue of result.error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || 'input';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ field: [field, key].join('.'), message: 'is not a parameter of this operation' });
    } else {
      issues.push({ field, message: describe(issue.message, valueAt(value, issue.path) === undefined) });
    }
  }
}

/** The value an issue points at; undefined when the caller left it out. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

// Unions (numeric query values) say "invalid input" for a missing value: look at the value instead.
function describe(message: string, missing: boolean): string {
  if (/received undefined/.test(message) || missing) return 'is required';
  return message.charAt(0).toLowerCase() + message.slice(1);
}
