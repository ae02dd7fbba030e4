// The public surface of @sinkkit/storage-sink. Anything not exported here is internal.

export { type SinkKeyCatalog, sinkKeyCatalog } from './config/known-keys.js';
export {
  BUILT_IN_FORMATS,
  BUILT_IN_PARTITIONERS,
  OPTIONAL_FORMAT_NAMES,
  type SinkPluginClasses,
} from './config/plugins.js';
export { resolveSeedKeys, SEED_CONNECTOR_KEYS, type SeedKeyResolution } from './config/seed-connector-keys.js';
export { type SinkConfigValues, sinkConfigDef } from './config/sink-config-def.js';
export { loadSinkSettings, parseSinkSettings, type SinkSettings } from './config/sink-settings.js';
export {
  type OpenedStore,
  openStorageFromUrl,
  type S3ClientLike,
  type StorageLocation,
  type StoreHooks,
  type StoreKind,
  storageFromConfig,
  storageLocation,
} from './config/storage-from-config.js';
export { type StoreConfigValues, storeConfigDef } from './config/store-config-def.js';
export { fileNameTopic, MAX_FILE_NAME_TOPIC_BYTES } from './naming/file-name-topic.js';
export { FileNamer, type FileNaming } from './naming/file-namer.js';
export {
  type FileStats,
  RotationPolicy,
  type RotationReason,
  type RotationSettings,
} from './rotation/rotation-policy.js';
export { nextScheduledRotation } from './rotation/schedule.js';
export {
  SCHEMA_COMPATIBILITIES,
  type SchemaCompatibility,
  type SchemaFit,
  schemaFit,
} from './schema/schema-compatibility.js';
export { type PooledFile, type PoolRoute, poolKey, routeRecord } from './schema/schema-pool.js';
export { StorageSinkConnector } from './storage-sink-connector.js';
export { type StorageSinkOptions, StorageSinkTask, VERSION } from './storage-sink-task.js';
export { ResourceGovernor } from './writer/resource-governor.js';
export { TopicPartitionWriter, type WriterDeps, type WriterState } from './writer/topic-partition-writer.js';
