// The public surface of @sinkkit/partitioners. Anything not exported here is internal.

export { BasePartitioner } from './base-partitioner.js';
export { BUILT_IN_PARTITIONERS } from './built-in-partitioners.js';
export { DefaultPartitioner } from './default-partitioner.js';
export { FieldAndTimePartitioner } from './field-and-time-partitioner.js';
export { FieldPartitioner } from './field-partitioner.js';
export { partitionerConfigDef } from './partitioner-config-def.js';
export { CONFLUENT_NULL, encodeConfluentSegmentValue } from './safety/confluent-segment.js';
export { encodeSegmentValue, MAX_ENCODED_VALUE_LENGTH, NULL_PARTITION } from './safety/path-segment.js';
export { encodeSegment, SEGMENT_ENCODINGS, type SegmentEncoding } from './safety/segment-encoding.js';
export {
  createTimestampExtractor,
  RecordFieldTimestampExtractor,
  RecordTimestampExtractor,
  registerTimestampExtractor,
  type TimestampExtractor,
  type TimestampExtractorClass,
  WallclockTimestampExtractor,
} from './time/timestamp-extractor.js';
export { TimeBasedPartitioner, type TimeLayout } from './time-based-partitioner.js';
export { DailyPartitioner, HourlyPartitioner } from './time-presets.js';
