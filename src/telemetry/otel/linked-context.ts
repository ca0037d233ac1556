import type { Context } from '@opentelemetry/api';

const NO_KEY = Symbol('miro-rx: no key');

/**
 * An OpenTelemetry context that adds one value to its parent's. The API's own context copies
 * its whole map (and makes three closures) on every `setValue`; miro-rx sets three values on
 * each call (its span, the call trace, the attempt's span), on every call while an SDK records.
 * Anything else that sets a value on it (`trace.setSpan`, an instrumentation) gets another link.
 */
class LinkedContext implements Context {
  constructor(
    readonly parent: Context,
    readonly key: symbol,
    readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    let context: Context = this;
    while (context instanceof LinkedContext) {
      if (context.key === key) return context.value;
      context = context.parent;
    }
    return context.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value);
  }

  // A deleted key reads as undefined, as in the API's context.
  deleteValue(key: symbol): Context {
    return new LinkedContext(this, key, undefined);
  }
}

/** `parent` with the same values, on which `setValue` is cheap. */
export function linkedTo(parent: Context): Context {
  return parent instanceof LinkedContext ? parent : new LinkedContext(parent, NO_KEY, undefined);
}
