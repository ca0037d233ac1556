/** Naming rules shared by every emitter. */

/** `get-specific-board` -> `getSpecificBoard`; `createGroup` stays `createGroup`. */
export function methodNameOf(operationId: string): string {
  const [first = '', ...rest] = operationId.split(/[-_\s]+/).filter(Boolean);
  return first.charAt(0).toLowerCase() + first.slice(1) + rest.map(upperFirst).join('');
}

/** `parent_item_id` -> `parentItemId`; `createdAfter` stays `createdAfter`. */
export function camelCase(name: string): string {
  return methodNameOf(name);
}

/** `get-specific-board` -> `GetSpecificBoard`; `Board_With-Links` -> `BoardWithLinks`. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(upperFirst)
    .join('');
}

export function upperFirst(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key as it must be written in TypeScript source. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** `getSpecificBoard` -> `get-specific-board`; `revokeTokenV2` -> `revoke-token-v2`. */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
