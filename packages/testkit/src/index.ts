export { TestkitError } from './errors.js';
export {
  type SuiteHooks,
  startTestEnvironment,
  type TestEnvironment,
  type TestEnvironmentOptions,
  useTestEnvironment,
} from './fixture/test-environment.js';
export * from './kafka/index.js';
export { freePort } from './net/free-port.js';
export { leftoverProcesses, type RecordedProcess } from './process/leftovers.js';
export {
  isAlive,
  PID_DIR_ENV,
  runningProcesses,
  type ServerProcess,
  startProcess,
  stopAllProcesses,
} from './process/server-process.js';
export * from './proxy/index.js';
export {
  type SchemaRegistryDouble,
  type SchemaRegistryOptions,
  startSchemaRegistry,
} from './registry/registry-double.js';
export * from './servers/index.js';
export { describeStorageConformance } from './storage/conformance-suite.js';
export type {
  ConformanceFunctions,
  StorageConformanceOptions,
  StorageUnderTest,
} from './storage/conformance-types.js';
export {
  assertRetriableWhenEveryTryHangs,
  assertStopsRetryingOnAbort,
  type EveryTryHangs,
  timed,
} from './storage/hung-store-checks.js';
export type { FaultOptions, MemoryOperation } from './storage/memory-faults.js';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory-storage.js';
export { MemoryStore, type StagedData, type StoredObject } from './storage/memory-store.js';
export { TestSinkTaskContext, type TestSinkTaskContextOptions } from './task/test-sink-task-context.js';
export {
  makeTestCertificates,
  type PemPair,
  type TestCertificateOptions,
  type TestCertificates,
} from './tls/test-certificates.js';
