// The public surface of @sinkkit/wal. Anything not exported here is internal.

export {
  type CommittedBatch,
  type CommittedBatchesOptions,
  committedBatches,
  loggedTopicPartitions,
} from './committed-batches.js';
export { ENTRY_FORMAT, ENTRY_VERSION } from './entry-codec.js';
export { MAX_OFFSET } from './entry-rules.js';
export { forEachLimited } from './for-each-limited.js';
export {
  DEFAULT_LEDGER_PREFIX,
  LEDGER_FORMAT,
  type LedgerEntry,
  type LedgerFile,
  LedgerKeys,
  type ReadLedgerOptions,
  readLedger,
} from './ledger.js';
export {
  ownedByDefaultNaming,
  type RecoverOptions,
  type Recovery,
  recoverTopicPartition,
} from './recover.js';
export { type RollForwardOptions, rollForward } from './roll-forward.js';
export { Wal, type WalOptions } from './wal.js';
export { NO_ENTRY_SEQ, type WalEntry, type WalEntryInit, type WalFile } from './wal-entry.js';
export { CorruptEntryError, FencedError, InvalidEntryError, WalErrorCode } from './wal-errors.js';
export { DEFAULT_WAL_PREFIX, WalKeys } from './wal-keys.js';
