// Public exports of src/bulk/: bulk creation in batches, and the limits of Miro's bulk calls.
export { bulkCreateItems, type BulkCreateOptions } from './bulk-create-items.js';
export {
  isBulkFileItem,
  type BulkFileItem,
  type BulkItem,
  type BulkItemCreated,
  type BulkItemFailed,
  type BulkItemResult,
  type BulkJsonItem,
} from './bulk-item.js';
export type { ExactBulkItem, NotAFieldOf } from './exact-bulk-item.js';
export type { BulkProgress, BulkProgressObserver } from './bulk-progress.js';
export type { BulkCreateClient } from './send-bulk-batch.js';
export { BULK_FILE_ITEM_TYPES, BULK_MAX_ITEMS, BULK_MAX_UPLOAD_BYTES } from './bulk-limits.js';
export { contentTypeFromFileName } from '../files/file-content-type.js';
