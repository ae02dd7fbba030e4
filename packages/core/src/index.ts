// The public surface of @sinkkit/core. Anything not exported here is internal.

export {
  ConfigDef,
  type ConfigKey,
  type ConfigKeySpec,
  type ConfigValueOf,
  type Importance,
} from './config/config-def.js';
export type { ConfigType, ConfigTypeValues } from './config/config-types.js';
export type { ConfigValueReport } from './config/config-value-report.js';
export { parseDuration } from './config/duration.js';
export {
  isKafkaClientPasswordKey,
  KAFKA_CLIENT_PASSWORD_KEYS,
  KAFKA_CLIENT_PREFIXES,
} from './config/kafka-client-secrets.js';
export { ParsedConfig } from './config/parsed-config.js';
export { HIDDEN, Password } from './config/password.js';
export { parseProperties } from './config/properties.js';
export { displayValue, looksSecret, stripUserinfo } from './config/redact.js';
export { type DeclaredKeys, SecretKeys } from './config/secret-keys.js';
export { atLeast, matches, nonEmpty, oneOf, range, type Validator, validator } from './config/validators.js';
export type { Converter } from './connector/converter.js';
export type { ErrantRecordReporter } from './connector/errant-record-reporter.js';
export type { HeaderConverter } from './connector/header-converter.js';
export type { Predicate } from './connector/predicate.js';
export type { ConnectorProps, MaybePromise, PluginConfigs } from './connector/props.js';
export { SinkConnector, type SinkConnectorContext } from './connector/sink-connector.js';
export { SinkTask } from './connector/sink-task.js';
export type { SinkTaskContext } from './connector/sink-task-context.js';
export type { Transformation } from './connector/transformation.js';
export { ConnectSchema } from './data/connect-schema.js';
export { Decimal } from './data/decimal.js';
export { DecimalSchema } from './data/logical/decimal-schema.js';
export { LogicalNames } from './data/logical/logical-names.js';
export { DateSchema, TimeSchema, TimestampSchema } from './data/logical/temporal-schemas.js';
export { type Field, Schema } from './data/schema.js';
export { NULL_SCHEMA_AND_VALUE, type SchemaAndValue } from './data/schema-and-value.js';
export { SchemaBuilder } from './data/schema-builder.js';
export { SCHEMA_PROJECTION_ERROR, SchemaProjector } from './data/schema-projector.js';
export { isPrimitiveType, SchemaType } from './data/schema-type.js';
export { Struct } from './data/struct.js';
export { findValueProblem, type ValidateOptions, type ValueProblem, validateValue } from './data/validate-value.js';
export { valuesEqual } from './data/values-equal.js';
export { ConfigError, type ConfigProblem } from './errors/config-error.js';
export { DataError, type RecordLocation } from './errors/data-error.js';
export { isRetriable, RetriableError, SinkkitError, type SinkkitErrorOptions } from './errors/sinkkit-error.js';
export { type Header, Headers } from './record/headers.js';
export { SinkRecord, type SinkRecordChanges, type SinkRecordInit } from './record/sink-record.js';
export { TimestampType } from './record/timestamp-type.js';
export {
  type OffsetAndMetadata,
  parseTopicPartitionKey,
  sameTopicPartition,
  type TopicPartition,
  topicPartition,
  topicPartitionKey,
} from './record/topic-partition.js';
export { TopicPartitionMap } from './record/topic-partition-map.js';
export { type BackoffOptions, backoffDelay } from './retry/backoff.js';
export { type Clock, systemClock } from './retry/clock.js';
export { ManualClock } from './retry/manual-clock.js';
export { type RetryOptions, retry } from './retry/retry.js';
export type { Format, RecordWriterProvider } from './sink/format.js';
export type { Partitioner } from './sink/partitioner.js';
export type { ByteSink, RecordWriter, RecordWriterContext } from './sink/record-writer.js';
export { PartWriter, type PartWriterOptions } from './storage/part-writer.js';
export { type FinalizeOutcome, hasUploadSize, settleFinalize } from './storage/settle-finalize.js';
export type { StagedUpload, StagedWriter } from './storage/staged-writer.js';
export type { ListOptions, ListPage, ObjectInfo, Storage, StorageCapabilities } from './storage/storage.js';
export { StorageError, StorageErrorCode } from './storage/storage-error.js';
export { callStore, type StoreAttemptFailure, type StoreCallOptions } from './storage/store-call.js';
