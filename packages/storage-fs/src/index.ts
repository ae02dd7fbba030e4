export { classifyError } from './classify-error.js';
export { FsStorage, type FsStorageOptions } from './fs-storage.js';
export { STAGING_FOLDER } from './keys.js';
