/** A Kafka topic and partition number, the unit of assignment and of offset tracking. */
export interface TopicPartition {
  readonly topic: string;
  /** Non-negative partition number. */
  readonly partition: number;
}

/** Offset to commit for a partition, with optional metadata Kafka stores alongside it. */
export interface OffsetAndMetadata {
  /**
   * The next offset to consume (last processed + 1), as Kafka commits it. A bigint because
   * offsets are 64-bit and a `number` is only exact up to 2^53.
   */
  readonly offset: bigint;
  readonly metadata?: string;
}

/** A frozen {@link TopicPartition}; throws a `RangeError` for a negative or fractional partition. */
export function topicPartition(topic: string, partition: number): TopicPartition {
  if (!Number.isSafeInteger(partition) || partition < 0) {
    throw new RangeError(`Partition must be a non-negative integer, got ${partition} for topic ${topic}`);
  }
  return Object.freeze({ topic, partition });
}

/**
 * A string that identifies `tp`: `orders-3`, the same text Kafka's `TopicPartition.toString()`
 * prints, so keys read naturally in logs and file names.
 *
 * It cannot collide even though topic names may contain `-`: the partition is a non-negative
 * decimal integer, which contains no `-`, so the text after the *last* `-` is always the whole
 * partition and everything before it the whole topic. {@link parseTopicPartitionKey} relies on
 * exactly that.
 */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}

/** Inverse of {@link topicPartitionKey}; throws a `RangeError` for text it did not produce. */
export function parseTopicPartitionKey(key: string): TopicPartition {
  const dash = key.lastIndexOf('-');
  const digits = key.slice(dash + 1);
  if (dash < 0 || !/^(0|[1-9]\d*)$/.test(digits)) {
    throw new RangeError(`Not a topic-partition key: ${JSON.stringify(key)}`);
  }
  return topicPartition(key.slice(0, dash), Number(digits));
}

/** Whether two topic-partitions name the same partition. */
export function sameTopicPartition(a: TopicPartition, b: TopicPartition): boolean {
  return a.topic === b.topic && a.partition === b.partition;
}
