// The public surface of @sinkkit/storage-s3. Anything not exported here is internal.

export { classifyError, redact } from './classify-error.js';
export { DEFAULT_ADAPTER_ATTEMPTS } from './retrying-caller.js';
export { MAX_PARTS, S3StagedWriter } from './s3-staged-writer.js';
export { S3Storage } from './s3-storage.js';
export {
  DEFAULT_PART_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_PART_SIZE,
  MIN_PART_SIZE,
  type S3RetryOptions,
  type S3Sse,
  type S3StorageOptions,
} from './s3-storage-options.js';
export type { S3StagedHandle, UploadedPart } from './staged-handle.js';
