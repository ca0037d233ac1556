import type { PagePosition } from './page-position.js';

/**
 * One page of a paged read, as the `...Pages` helpers emit it.
 *
 * @example
 * ```ts
 * api.getAllItemsPages(boardId).subscribe((page) => {
 *   save(page.items);
 *   checkpoint(page.next); // a later run passes it as `{ from }` to go on from here
 * });
 * ```
 */
export interface MiroPage<T, R = unknown> {
  /** The page's items, in Miro's order. */
  readonly items: readonly T[];
  /** Where this page starts; `undefined` for the first page of a read from the start. */
  readonly position: PagePosition | undefined;
  /** Where the next page starts; `undefined` on the last page. */
  readonly next: PagePosition | undefined;
  /** 0-based index of this page within this read (not within the whole list when resumed). */
  readonly index: number;
  /** Number of items in the whole list, when Miro reported it (many answers do not). */
  readonly total: number | undefined;
  /** The answer as Miro sent it. */
  readonly body: R;
}

type ElementOf<A> = A extends readonly (infer T)[] ? T : unknown;
type DataElement<D> = D extends readonly (infer T)[] ? T : D extends { data?: infer Inner } ? ElementOf<NonNullable<Inner>> : unknown;

/**
 * The item type of a paged answer: the element of `data` (cursor and offset paging), of
 * `Resources` (SCIM) or of the answer itself when Miro answers with a bare array.
 * Keys are tested with `keyof` because every paged field is optional in Miro's document, and
 * an optional property would match any object.
 */
export type PageItem<R> = R extends readonly (infer T)[]
  ? T
  : 'data' extends keyof R
    ? DataElement<NonNullable<R['data' & keyof R]>>
    : 'Resources' extends keyof R
      ? ElementOf<NonNullable<R['Resources' & keyof R]>>
      : unknown;
