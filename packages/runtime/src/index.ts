// The public surface of @sinkkit/runtime. Anything not exported here is internal.

// The converters live in @sinkkit/converters; re-exported so existing imports keep working.
export { ByteArrayConverter, StringConverter } from '@sinkkit/converters';
export { type ConfigSecretsOptions, configSecrets } from './config/config-secrets.js';
export { type PluginClasses, PluginRegistry } from './config/plugin-registry.js';
export {
  type PluginSpec,
  parseRuntimeConfig,
  type RuntimeConfig,
  type TransformSpec,
} from './config/runtime-config.js';
export { runtimeConfigDef } from './config/runtime-config-def.js';
export { deadLetterHeaders, ERROR_HEADER_PREFIX, type ReporterIdentity } from './errors/dead-letter-headers.js';
export { type KafkaClientKeyValues, type KafkaClientRole, kafkaClientKeysDef } from './kafka/kafka-client-keys.js';
export { KafkaConnectError, type KafkaConnectFailure } from './kafka/kafka-connect-error.js';
export type {
  ConsumerListener,
  FetchedRecord,
  KafkaConsumerPort,
  KafkaProducerPort,
  ProducedMessage,
} from './kafka/kafka-port.js';
export type { KafkaClientSecurity, KafkaSaslSettings, KafkaTlsSettings } from './kafka/kafka-security.js';
export type { KafkaClientOverrides } from './kafka/kafkajs-client-config.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { buildPipeline } from './pipeline/build-pipeline.js';
export type { ProcessingFailure, Stage } from './pipeline/processing-failure.js';
export { type PipelineResult, RecordPipeline } from './pipeline/record-pipeline.js';
export { type AssignmentChange, diffAssignment } from './runner/assignment-tracker.js';
export { ConnectorRunner, type ConnectorRunnerOptions } from './runner/connector-runner.js';
export {
  errorTrace,
  type RunnerState,
  type RunnerStatus,
  type RunnerStatusError,
  statusError,
} from './runner/runner-status.js';
export { type Stoppable, stopOnSignals } from './runner/shutdown-signals.js';
export { SinkRunner, type SinkRunnerOptions } from './runner/sink-runner.js';
