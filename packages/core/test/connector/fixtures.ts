import {
  type ErrantRecordReporter,
  SinkRecord,
  type SinkTaskContext,
  type TopicPartition,
  type TopicPartitionMap,
  topicPartitionKey,
} from '../../src/index.js';

/** A SinkTaskContext that records what the task asked for. */
export function fakeContext(reporter: ErrantRecordReporter | null = null) {
  const seeks: [string, bigint][] = [];
  const context: SinkTaskContext & { seeks: typeof seeks } = {
    seeks,
    configs: () => ({}),
    offset(tpOrMap: TopicPartition | TopicPartitionMap<bigint>, offset?: bigint) {
      if ('topic' in tpOrMap) seeks.push([topicPartitionKey(tpOrMap), offset as bigint]);
      else for (const [tp, o] of tpOrMap) seeks.push([topicPartitionKey(tp), o]);
    },
    timeout: () => {},
    assignment: () => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => reporter,
  };
  return context;
}

/** A schemaless record on orders-0 at `offset`. */
export function record(offset: bigint, value: unknown = { n: Number(offset) }): SinkRecord {
  return new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: offset, value });
}
