/**
 * Kafka protocol API keys, for {@link KafkaCluster.pushRequestErrors}. Lists the requests that
 * librdkafka's mock cluster implements and a kafkajs client sends (numbers from the Kafka
 * protocol guide, https://kafka.apache.org/protocol#protocol_api_keys).
 */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  ApiVersions: 18,
  InitProducerId: 22,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  TxnOffsetCommit: 28,
} as const;

/** One of the {@link ApiKey} values. */
export type ApiKey = (typeof ApiKey)[keyof typeof ApiKey];

/**
 * Kafka protocol error codes commonly injected in tests
 * (https://kafka.apache.org/protocol#protocol_error_codes). kafkajs 2.2 retries all of these
 * except `UNKNOWN_SERVER_ERROR`, `INVALID_REQUEST` and `OFFSET_OUT_OF_RANGE` (a consumer resets
 * its position) and `ILLEGAL_GENERATION`, `UNKNOWN_MEMBER_ID`, `REBALANCE_IN_PROGRESS` (a consumer
 * rejoins its group). `INVALID_REQUEST` is what the mock answers a SyncGroup racing another
 * joiner with; in a consumer's join or sync it crashes the kafkajs consumer. `NONE` in an
 * injected list lets one request through unharmed.
 */
export const ErrorCode = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  NETWORK_EXCEPTION: 13,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  NOT_ENOUGH_REPLICAS: 19,
  ILLEGAL_GENERATION: 22,
  UNKNOWN_MEMBER_ID: 25,
  REBALANCE_IN_PROGRESS: 27,
  INVALID_REQUEST: 42,
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
