export { type BuildMockClusterOptions, buildMockCluster, MOCK_CLUSTER_INSTALL_HINT } from './build-native.js';
export { type WaitForCommittedOffsetsOptions, waitForCommittedOffsets } from './committed-offsets.js';
export {
  type KafkaBroker,
  type KafkaCluster,
  type KafkaClusterOptions,
  type KafkaTopicSpec,
  mockClusterConsumerConfig,
  startKafkaCluster,
} from './kafka-cluster.js';
export { type KafkaFront, type KafkaFrontOptions, startKafkaFront } from './kafka-front.js';
export { ApiKey, ErrorCode } from './kafka-protocol.js';
export {
  type ConsumedRecord,
  type ProducedRecord,
  type ProducedRecords,
  type ProduceRecordsOptions,
  produceRecords,
  type ReadRecordsOptions,
  readRecords,
  recordValue,
} from './records.js';
export type { SaslMechanism } from './sasl-server.js';
