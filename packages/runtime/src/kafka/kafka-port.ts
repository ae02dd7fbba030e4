import type { OffsetAndMetadata, TimestampType, TopicPartition, TopicPartitionMap } from '@sinkkit/core';

/** One record as fetched from Kafka, before any conversion. */
export interface FetchedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /** Milliseconds since the epoch, or `null` when the record has none. */
  readonly timestamp: number | null;
  readonly timestampType: TimestampType;
  /** Headers in the order the client reports them; a key may repeat. */
  readonly headers: readonly (readonly [string, Uint8Array | null])[];
}

/**
 * What a {@link KafkaConsumerPort} tells the runtime. Every callback is synchronous: the port
 * calls them from the client's own callbacks, and the runtime only records what happened and
 * acts on it from its single task loop, so no task call ever overlaps another.
 */
export interface ConsumerListener {
  /** The consumer (re)joined its group and now owns exactly `partitions`. */
  assigned(partitions: readonly TopicPartition[]): void;
  /** The group is rebalancing: a last chance to commit before partitions move. */
  rebalancing(): void;
  /**
   * The consumer lost its membership (crash, broker loss): it owns nothing until the next
   * `assigned`. `restarting` says whether the port is about to rejoin by itself.
   */
  lost(error: Error, restarting: boolean): void;
  /**
   * Records of one partition, in offset order. Returns a promise when the runtime now holds as
   * many records as it may: the port then hands over (and so fetches) nothing more until it
   * settles, keeps its group membership alive meanwhile, and stops waiting early when the
   * consumer stops or its group membership is in question (a rebalance), so a full buffer never
   * stalls a rebalance. Records handed over stay handed over.
   */
  records(tp: TopicPartition, records: readonly FetchedRecord[]): Promise<void> | undefined;
  /** The consumer stopped for good because of `error`; the task must fail. */
  fatal(error: Error): void;
}

/**
 * The few consumer-group operations the runtime needs, so the Kafka client stays replaceable
 * (kafkajs today) and tests can drive the runtime without a broker. Offsets are bigints.
 */
export interface KafkaConsumerPort {
  /** Joins the group and starts fetching; resolves once running (the first join may follow). */
  start(listener: ConsumerListener): Promise<void>;
  /**
   * Continues `tp` from `offset`. Records fetched from the old position must not reach
   * `records` afterwards; the port drops those it still holds.
   */
  seek(tp: TopicPartition, offset: bigint): void;
  /** Stops fetching the partitions without giving them up. */
  pause(partitions: readonly TopicPartition[]): void;
  resume(partitions: readonly TopicPartition[]): void;
  /**
   * Commits exactly `offsets`. Rejects with a `SinkkitError` whose `code` is `REBALANCE_IN_PROGRESS`
   * when the group is rebalancing, or another code; `retriable` says whether a later commit may work.
   */
  commit(offsets: TopicPartitionMap<OffsetAndMetadata>): Promise<void>;
  /** Leaves the group and disconnects. Idempotent. */
  stop(): Promise<void>;
}

/** One record to produce (to the dead-letter queue). */
export interface ProducedMessage {
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly timestamp: number | null;
  readonly headers: readonly (readonly [string, Uint8Array | null])[];
}

/** The producer operations the runtime needs: the dead-letter queue writes through it. */
export interface KafkaProducerPort {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(topic: string, messages: readonly ProducedMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}
