/**
 * Facts about Miro's API that its OpenAPI document does not state (see ../shared/miro/FACTS.md).
 * The generator combines them with the document; keep them here, never in generated output.
 */

/** Path prefixes served by the SCIM API at its own base URL (https://miro.com/api/v1/scim). */
export const SCIM_PATH_PREFIXES = ['/Users', '/Groups', '/ServiceProviderConfig', '/ResourceTypes', '/Schemas'];

/** Bulk creation charges Level 2 per item, not per request. */
export const CHARGED_PER_ITEM = new Set(['create-items', 'create-items-in-bulk-using-file-from-device']);

/**
 * Multipart parts the document declares as binary but that carry JSON: callers may pass the
 * value itself, which the client serialises as a JSON file.
 */
export const JSON_FILE_PARTS: Record<string, string[]> = {
  'create-items-in-bulk-using-file-from-device': ['data'],
};

/**
 * Request bodies the document gets wrong. Board groups (createGroup, updateGroup) refer to the
 * schema `Group`, but that name was taken over by the enterprise user-group schema
 * (`{ id, name, type }`); the live API takes the ids of the items to group.
 */
const BOARD_GROUP_BODY = {
  type: 'object',
  required: ['data'],
  properties: {
    data: {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', minItems: 1, items: { type: 'string' } } },
    },
  },
};

export const REQUEST_BODY_CORRECTIONS: Record<string, Record<string, unknown>> = {
  createGroup: BOARD_GROUP_BODY,
  updateGroup: BOARD_GROUP_BODY,
};

/**
 * Component schemas the document gets wrong, replaced whole. `PatchGroupResource` puts its enum
 * on the `schemas` array instead of its items (so the RFC 7644 body `["urn:...:PatchOp"]` is
 * refused) and allows only `members`/`displayName` as `path`, though removing one member takes
 * the filter form `members[value eq "3074457364022187294"]`.
 */
export const COMPONENT_CORRECTIONS: Record<string, Record<string, unknown>> = {
  PatchGroupResource: {
    type: 'object',
    required: ['schemas', 'Operations'],
    properties: {
      schemas: { type: 'array', minItems: 1, items: { type: 'string', enum: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] } },
      Operations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['op'],
          properties: {
            op: { type: 'string', enum: ['Add', 'Remove', 'Replace'] },
            // `members`, `displayName`, or a filter such as `members[value eq "3074457364022187294"]`.
            path: { type: 'string', minLength: 1 },
            value: {
              oneOf: [{ type: 'array', items: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } } }, { type: 'string' }],
            },
          },
        },
      },
    },
  },
};

/**
 * Page sizes that Miro states only in prose: SCIM lists default to 100 and allow up to 1,000;
 * audit logs default to 100 and state no maximum. (Mind-map nodes state nothing.)
 */
export const PAGE_SIZES_FROM_PROSE: Record<string, { max?: number; default?: number }> = {
  listUsers: { max: 1000, default: 100 },
  listGroups: { max: 1000, default: 100 },
  'enterprise-get-audit-logs': { default: 100 },
};

/**
 * Board items by their `type`: the component of each type's `data`. The document types an
 * item's `type` as any string and its `data` as a union of every kind; the generator turns
 * `GenericItem` (and bulk creation's `Item`) into a union discriminated by `type`, plus an open
 * member for types Miro adds later. `null`: a type the filter names but no schema describes.
 */
export const ITEM_DATA_BY_TYPE: Record<string, string | null> = {
  text: 'TextData',
  shape: 'ShapeData',
  sticky_note: 'StickyNoteData',
  image: 'ImageData',
  document: 'DocumentData',
  card: 'CardData',
  app_card: 'AppCardData',
  preview: null,
  frame: 'FrameData',
  embed: 'EmbedData',
  doc_format: 'DocFormatData',
  data_table_format: null,
};

/**
 * What a bulk item of each type may hold: the body of that type's own create operation. The
 * document's `ItemCreate` mixes every type's `data` and `style`, so a sticky note with an image's
 * `url` or a shape's colour would pass; Miro checks each bulk item as the single-item call does.
 * The generator replaces `ItemCreate` with a union of these, discriminated by `type`.
 */
export const BULK_ITEM_BODIES: Record<string, string> = {
  app_card: 'AppCardCreateRequest',
  text: 'TextCreateRequest',
  shape: 'ShapeCreateRequest',
  sticky_note: 'StickyNoteCreateRequest',
  image: 'ImageCreateRequest',
  document: 'DocumentCreateRequest',
  card: 'CardCreateRequest',
  frame: 'FrameCreateRequest',
  embed: 'EmbedCreateRequest',
};

/** Item schemas to split by `type`, and the name of the union each becomes. */
export const DISCRIMINATED_ITEM_SCHEMAS: Record<string, string> = { GenericItem: 'BoardItem', Item: 'CreatedItem' };

/** Paged answers whose `data` lists items of a `GenericItem`-shaped union (made generic). */
export const ITEM_PAGE_SCHEMAS = ['GenericItemCursorPaged', 'ItemPagedResponse'];

/** Answers of the typed-item operations: their `type` is one literal. */
export const TYPED_ITEM_SCHEMAS: Record<string, string> = {
  AppCardItem: 'app_card',
  CardItem: 'card',
  DocFormatItem: 'doc_format',
  DocumentItem: 'document',
  EmbedItem: 'embed',
  FrameItem: 'frame',
  ImageItem: 'image',
  ShapeItem: 'shape',
  StickyNoteItem: 'sticky_note',
  TextItem: 'text',
};

/** int64 fields that count things (page totals, task counts, bytes): far below 2^53, typed number. */
export const INT64_COUNTS = new Set(['total', 'success', 'error', 'sizeInBytes', 'numberUpdatedBoards']);

/**
 * Limits the document states only in prose, checked by hand-written code after the body schema
 * (module under src/, exported function taking the body): the operation's module imports it.
 */
export const BODY_LIMITS: Record<string, { module: string; name: string }> = {
  'create-items-in-bulk-using-file-from-device': { module: 'bulk/bulk-limits.js', name: 'bulkUploadIssues' },
};
