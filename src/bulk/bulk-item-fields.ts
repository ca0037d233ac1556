import * as z from 'zod/mini';

/**
 * A check on a bulk item's `data`: refuses fields that only other item types have (a sticky
 * note with an image's `url`). Objects are otherwise loose, so without it such a field would
 * pass here and be refused by Miro with the whole batch. Used by the generated validators.
 */
export function withoutOtherTypesFields(type: string, fields: readonly string[]) {
  return z.superRefine((data: unknown, context) => {
    if (typeof data !== 'object' || data === null) return;
    for (const field of fields) {
      if (Object.hasOwn(data, field))
        context.addIssue({ code: 'custom', path: [field], message: `is not a field of a ${type} (other item types have it)`, input: data });
    }
  });
}
