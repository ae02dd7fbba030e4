// The public surface of @sinkkit/storage-azure. Anything not exported here is internal.

export { AzureStagedWriter } from './azure-staged-writer.js';
export { AzureBlobStorage } from './azure-storage.js';
export {
  type AzureBlobStorageOptions,
  type AzureRetryOptions,
  DEFAULT_BLOCK_SIZE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_BLOCK_SIZE,
  MIN_BLOCK_SIZE,
} from './azure-storage-options.js';
export { classifyError, redact } from './classify-error.js';
export { DEFAULT_ADAPTER_ATTEMPTS } from './retrying-caller.js';
export { type AzureStagedHandle, MAX_BLOCKS } from './staged-handle.js';
