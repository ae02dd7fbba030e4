import { TimeBasedPartitioner, type TimeLayout } from './time-based-partitioner.js';

/**
 * One directory per hour: Confluent's `HourlyPartitioner` (also accepted by that name), i.e. a
 * TimeBasedPartitioner with `partition.duration.ms=3600000` and
 * `path.format='year'=YYYY/'month'=MM/'day'=dd/'hour'=HH`; those two keys are ignored.
 */
export class HourlyPartitioner extends TimeBasedPartitioner {
  static override readonly CLASS_NAMES: readonly string[] = [
    'HourlyPartitioner',
    'hourly',
    'io.confluent.connect.storage.partitioner.HourlyPartitioner',
    'io.confluent.connect.hdfs.partitioner.HourlyPartitioner',
  ];

  protected override timeLayout(): TimeLayout {
    return { durationMs: 3_600_000, pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH" };
  }
}

/**
 * One directory per day: Confluent's `DailyPartitioner` (also accepted by that name), i.e.
 * `partition.duration.ms=86400000` and `path.format='year'=YYYY/'month'=MM/'day'=dd`.
 */
export class DailyPartitioner extends TimeBasedPartitioner {
  static override readonly CLASS_NAMES: readonly string[] = [
    'DailyPartitioner',
    'daily',
    'io.confluent.connect.storage.partitioner.DailyPartitioner',
    'io.confluent.connect.hdfs.partitioner.DailyPartitioner',
  ];

  protected override timeLayout(): TimeLayout {
    return { durationMs: 86_400_000, pathFormat: "'year'=YYYY/'month'=MM/'day'=dd" };
  }
}
