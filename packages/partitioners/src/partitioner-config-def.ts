import { ConfigDef } from '@sinkkit/core';

/**
 * The partitioners' settings: Confluent storage-common's `PartitionerConfig` keys, names and
 * meanings. Two defaults differ, documented in docs/partitioners.md: `locale` (Confluent: none,
 * refused when empty; here `en`) and `timezone` (Confluent: none, refused when empty; here `UTC`,
 * the storage sink's default for the same key).
 */
export const partitionerConfigDef = () =>
  new ConfigDef()
    .define('directory.delim', {
      type: 'string',
      default: '/',
      doc: 'Delimiter between directory levels of a file key (Confluent key).',
    })
    .define('partition.field.name', {
      type: 'list',
      default: [],
      doc: 'FieldPartitioner / FieldAndTimePartitioner: the value fields, in order, that name the directories; nested fields as a.b.c.',
    })
    .define('partition.field.encoding', {
      type: 'enum',
      values: ['safe', 'confluent'],
      default: 'safe',
      doc: "How field names and values become directory names. safe (default): percent-encoded (RFC 3986), null and '' → __HIVE_DEFAULT_PARTITION__, never two values in one directory. confluent: as Confluent's FieldPartitioner writes them (raw value, null → null, '' → nothing), escaping only what could leave the directory or a store cannot hold (/, \\, the directory delimiter, control characters, . and .., a trailing dot or space, %XX).",
    })
    .define('partition.duration.ms', {
      type: 'long',
      default: -1,
      doc: 'TimeBasedPartitioner: the length of a time bucket in ms (3600000 for hourly directories), aligned in `timezone`.',
    })
    .define('path.format', {
      type: 'string',
      default: '',
      doc: "TimeBasedPartitioner: the Joda-Time pattern of the bucket's directories, e.g. 'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH.",
    })
    .define('locale', {
      type: 'string',
      default: 'en',
      doc: 'Locale for month and day names in path.format (e.g. de, fr, en_US).',
    })
    .define('timezone', {
      type: 'string',
      default: 'UTC',
      doc: 'IANA time zone in which buckets are aligned and path.format is printed.',
    })
    .define('timestamp.extractor', {
      type: 'string',
      default: 'Wallclock',
      doc: "Where a record's time comes from: Wallclock, Record (Kafka timestamp), RecordField (timestamp.field), or a registered extractor.",
    })
    .define('timestamp.field', {
      type: 'string',
      default: 'timestamp',
      doc: 'RecordField: the value field holding the time (nested as a.b.c): epoch millis, ISO-8601 text, or a Connect Timestamp/Date.',
    });
