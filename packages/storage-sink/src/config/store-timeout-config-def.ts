import { atLeast, ConfigDef } from '@sinkkit/core';

/**
 * How long a store call may take and how it is retried: the same three timeouts for every
 * object store (`store.*`: sinkkit's own names, since Confluent's sinks have none), and the S3
 * retry keys of Confluent's S3 sink (`s3.part.retries`, `s3.retry.backoff.ms`). A call that times
 * out is a retriable failure. docs/configuration.md ("Store timeouts and retries") is the reference.
 */
export const storeTimeoutConfigDef = () =>
  new ConfigDef()
    .define('store.connect.timeout.ms', {
      type: 'int',
      default: 10_000,
      validators: [atLeast(0)],
      doc: 'Longest wait for a connection to the store to open (S3; the others: bounded by store.request.timeout.ms). 0: no bound.',
    })
    .define('store.request.timeout.ms', {
      type: 'int',
      default: 60_000,
      validators: [atLeast(0)],
      doc: 'Longest one attempt of a store request may take, from sending to the last byte of the answer (a part upload included); then it is abandoned and retried. 0: no bound.',
    })
    .define('store.socket.timeout.ms', {
      type: 'int',
      default: 30_000,
      validators: [atLeast(0)],
      doc: 'Longest a connection may stay silent (nothing sent or received) during a request (S3; the others: bounded by store.request.timeout.ms). 0: no bound.',
    })
    .define('s3.part.retries', {
      type: 'int',
      default: 3,
      validators: [atLeast(0)],
      doc: 'Retries of a failed S3 request (retriable failures only): 3 means up to 4 attempts. 0: none.',
    })
    .define('s3.retry.backoff.ms', {
      type: 'long',
      default: 200,
      validators: [atLeast(0)],
      doc: 'Ceiling of the first S3 retry wait; each later wait may be up to twice the previous one (full jitter), at most 10 s.',
    });

export type StoreTimeoutValues = ReturnType<ReturnType<typeof storeTimeoutConfigDef>['parse']>['values'];
