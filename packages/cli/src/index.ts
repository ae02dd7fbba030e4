// The public surface of @sinkkit/cli. Anything not exported here is internal.

export { ExitCode, exitCodeOf, UsageError } from './errors.js';
export { type CliIo, runCli } from './program.js';
export {
  builtinConnectors,
  type ConnectorClass,
  type ConnectorLoader,
  resolveConnectorClass,
} from './standalone/connector-classes.js';
export { type PropertiesFile, readPropertiesFile } from './standalone/properties-file.js';
export {
  type StandaloneOptions,
  type StandaloneResult,
  type StandaloneWorker,
  startStandalone,
} from './standalone/standalone.js';
export { type ConnectorConfig, mergeWorkerConfig } from './standalone/worker-config.js';
export { type OpenedStorage, openStorage, type S3UrlOptions } from './storage/open-storage.js';
export type { AuditOptions } from './verify/audit-partition.js';
export { CommitLogHistory, type CommitLogPrefixes } from './verify/commit-log-history.js';
export type { CommittedFile, HistoryBatch, PartitionHistory } from './verify/committed-batch.js';
export { type DataFile, type DataFileLayout, listDataFiles } from './verify/data-files.js';
export { formatReport, reportToJson } from './verify/format-report.js';
export type { HistorySource } from './verify/history-source.js';
export {
  type ProgressReporter,
  type ProgressReporterOptions,
  type ProgressStream,
  progressLine,
  progressReporter,
} from './verify/progress-reporter.js';
export type { Issue, IssueKind, OffsetRange, PartitionReport, VerifyReport } from './verify/report.js';
export { type VerifyOptions, verify } from './verify/verify.js';
export type { VerifyProgress } from './verify/verify-progress.js';
