import type { BulkFileItem, BulkJsonItem } from './bulk-item.js';

declare const notAField: unique symbol;

/**
 * What a field that the item's `type` does not have is checked against: nothing is assignable
 * to it, so the compiler names the field (`url: NotAFieldOf<"sticky_note">`).
 */
export interface NotAFieldOf<Type> {
  readonly [notAField]: Type;
}

// `keyof` of a union gives only the fields every member shares; these read each member.
type KeysOf<S> = S extends unknown ? keyof S : never;
type FieldOf<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : never) : never;
type ElementOf<S> = S extends readonly (infer E)[] ? E : never;

/** `T` with every field `Shape` lacks, at any depth, replaced by `NotAFieldOf<Type>`. */
type OwnFieldsOnly<T, Shape, Type> = T extends readonly unknown[]
  ? { [I in keyof T]: OwnFieldsOnly<T[I], ElementOf<NonNullable<Shape>>, Type> }
  : T extends object
    ? {
        [K in keyof T]: K extends KeysOf<NonNullable<Shape>> ? OwnFieldsOnly<T[K], FieldOf<NonNullable<Shape>, K>, Type> : NotAFieldOf<Type>;
      }
    : T;

/**
 * An input of `bulkCreateItems` held to the fields of its own `type`, at every depth. A
 * generic parameter gets no excess-property check, inline or not, so without this a sticky
 * note with an image's `data.url` is assignable to the union (its `data` has what a sticky
 * note's needs) and is refused only at run time. File items keep their open fields.
 */
export type ExactBulkItem<T> = T extends BulkFileItem
  ? T
  : T extends { readonly type: infer Type }
    ? OwnFieldsOnly<T, Extract<BulkJsonItem, { type: Type }>, Type>
    : T;
