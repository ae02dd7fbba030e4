// The public surface of @sinkkit/storage-gcs. Anything not exported here is internal.

export { classifyError, redact } from './classify-error.js';
export { MAX_COMPOSE_SOURCES } from './compose-tree.js';
export { GcsStagedWriter } from './gcs-staged-writer.js';
export { GcsStorage, WRITE_ID_METADATA } from './gcs-storage.js';
export {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STAGING_PREFIX,
  type GcsRetryOptions,
  type GcsStorageOptions,
  MAX_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
} from './gcs-storage-options.js';
export { type CallKind, DEFAULT_ADAPTER_ATTEMPTS } from './retrying-caller.js';
export type { GcsStagedHandle } from './staging.js';
