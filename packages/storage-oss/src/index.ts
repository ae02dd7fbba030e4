// The public surface of @sinkkit/storage-oss. Anything not exported here is internal.

export { classifyError, redact } from './classify-error.js';
export type { OssClient, OssRequestOptions, OssResponseInfo } from './oss-client.js';
export { MAX_PARTS, OssStagedWriter } from './oss-staged-writer.js';
export { OssStorage } from './oss-storage.js';
export {
  DEFAULT_PART_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_PART_SIZE,
  MIN_PART_SIZE,
  type OssRetryOptions,
  type OssStorageOptions,
  resolveOssStorageOptions,
} from './oss-storage-options.js';
export { DEFAULT_ADAPTER_ATTEMPTS } from './retrying-caller.js';
export type { OssStagedHandle, UploadedPart } from './staged-handle.js';
