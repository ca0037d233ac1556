// When one process loads both builds of miro-rx (ESM and CommonJS, common in mixed toolchains),
// module-level state exists twice. State that must be one per process (the limiter of a budget)
// lives on `globalThis` under a registry-wide symbol, so both copies find the same object. The
// version in the key keeps copies whose shapes could differ from sharing it.
const SHAPE_VERSION = 1;

/** The process's single `name` object, made by `create` on first use by any copy of miro-rx. */
export function processWide<T extends object>(name: string, create: () => T): T {
  const key = Symbol.for(`miro-rx.${name}@${SHAPE_VERSION}`);
  const holder = globalThis as Record<symbol, unknown>;
  const existing = holder[key];
  if (existing !== undefined) return existing as T;
  const value = create();
  Object.defineProperty(holder, key, { value, enumerable: false, configurable: true });
  return value;
}
