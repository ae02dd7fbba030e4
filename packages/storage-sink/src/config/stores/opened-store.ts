import type { Storage } from '@sinkkit/core';

/** A storage built from the configuration, and how to release the client built for it. */
export interface OpenedStore {
  readonly storage: Storage;
  /** Releases the client's sockets (S3); a no-op for clients that hold none between requests. */
  close(): void;
}
