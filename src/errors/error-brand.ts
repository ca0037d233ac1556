// `instanceof` compares constructors, and a process that loads both builds of miro-rx (ESM and
// CommonJS) has two of each. Every miro-rx error carries the names of its classes under a
// registry-wide symbol, so `instanceof` also recognises an error thrown by the other copy.
const kindsKey = Symbol.for('miro-rx.error-kinds');

/** Records the class chain of `error`, from `target` (its class) up to, not including, `Error`. */
export function brandError(error: Error, target: abstract new (...args: never[]) => unknown): void {
  const kinds: string[] = [];
  for (let type: unknown = target; typeof type === 'function' && type !== Error; type = Object.getPrototypeOf(type)) {
    kinds.push(type.name);
  }
  Object.defineProperty(error, kindsKey, { value: kinds, enumerable: false });
}

/** True when `value` was made by `type` (in this copy) or by a class of that name in another copy. */
export function isBrandedAs(type: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(type, value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as Record<symbol, unknown>)[kindsKey];
  return Array.isArray(kinds) && kinds.includes(type.name);
}
