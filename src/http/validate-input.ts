import type { ZodMiniType } from 'zod/mini';
import { en as english } from 'zod/v4/locales';
import type { Operation } from './operation.js';
import type { OperationInput } from './operation-input.js';
import { MiroValidationError, type ValidationIssue } from '../errors/miro-errors.js';

/**
 * A hand-written check of limits the document does not state as schema (bulk upload sizes, say);
 * returns the issues it finds, none for operations it does not concern.
 */
export type InputRule = (operation: Operation, input: OperationInput) => readonly ValidationIssue[];

// Bodies whose every element miro-rx itself already checked against the same schema (the
// items of a bulk batch, checked one by one to report each bad item alone): not parsed again.
const checkedBodies = new WeakSet<object>();

/** Marks a body built from inputs already validated against the operation's body schema. */
export function alreadyValidated<T extends object>(body: T): T {
  checkedBodies.add(body);
  return body;
}

/**
 * Checks a call's path, query and body against the operation's schemas and the given rules.
 * Throws one `MiroValidationError` naming every bad field; nothing is sent when it throws.
 */
export function validateInput(operation: Operation, input: OperationInput, rules: readonly InputRule[] = []): void {
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
  const checked = typeof input.body === 'object' && input.body !== null && checkedBodies.has(input.body);
  if (validators.body && !checked) collect(validators.body, input.body, 'body', issues);
  for (const rule of rules) issues.push(...rule(operation, input));
  if (issues.length) throw new MiroValidationError(operation.operationId, issues, { method: operation.method, path: operation.path });
}

const DOT_SEGMENT_MESSAGE = 'must not be "." or ".." (it would change which route the request reaches)';

/**
 * `.` and `..` survive percent-encoding: WHATWG URL parsing (axios's adapters, fetch) reads
 * `%2E%2E` as `..` too, so `deleteItem(boardId, '..')` would become `DELETE /v2/boards/<id>/`.
 * Refused here, before any transport sees the URL.
 */
function isDotSegment(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const text = String(value);
  return text === '.' || text === '..';
}

// zod's mini API sets no language globally; give English per parse rather than change the
// global config of an app that may use zod (and another language) itself.
const ENGLISH = english().localeError;

function collect(schema: ZodMiniType, value: unknown, prefix: string, issues: ValidationIssue[]): void {
  const result = schema.safeParse(value, { error: ENGLISH });
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
