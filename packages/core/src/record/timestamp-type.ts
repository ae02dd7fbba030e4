/**
 * What a record's timestamp means, named as Kafka's `TimestampType` prints them: no timestamp,
 * set by the producer (`CreateTime`), or set by the broker on append (`LogAppendTime`).
 * Time-based partitioning and `rotate.interval.ms` read the timestamp, so they need to know.
 */
export const TimestampType = Object.freeze({
  NoTimestampType: 'NoTimestampType',
  CreateTime: 'CreateTime',
  LogAppendTime: 'LogAppendTime',
} as const);

/** One of the {@link TimestampType} names. */
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];
