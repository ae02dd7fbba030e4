/**
 * Names of the Kafka Connect logical types, exactly as Java's `org.apache.kafka.connect.data`
 * classes spell them, so schemas round-trip through converters shared with Kafka Connect
 * (JSON envelopes, Avro `connect.name`) and Confluent's storage connectors.
 */
export const LogicalNames = Object.freeze({
  DECIMAL: 'org.apache.kafka.connect.data.Decimal',
  DATE: 'org.apache.kafka.connect.data.Date',
  TIME: 'org.apache.kafka.connect.data.Time',
  TIMESTAMP: 'org.apache.kafka.connect.data.Timestamp',
} as const);

/** Name of the Decimal schema parameter that holds the scale. */
export const DECIMAL_SCALE_PARAMETER = 'scale';

/** Milliseconds in a day; Date values are whole days, Time values are below one day. */
export const MS_PER_DAY = 86_400_000;
