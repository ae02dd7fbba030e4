import type { Partitioner } from '@sinkkit/core';
import { DefaultPartitioner } from './default-partitioner.js';
import { FieldAndTimePartitioner } from './field-and-time-partitioner.js';
import { FieldPartitioner } from './field-partitioner.js';
import { TimeBasedPartitioner } from './time-based-partitioner.js';
import { DailyPartitioner, HourlyPartitioner } from './time-presets.js';

/**
 * Every built-in partitioner under each of its names (short, class and Confluent's class name),
 * for resolving `partitioner.class`.
 */
export const BUILT_IN_PARTITIONERS: ReadonlyMap<string, new () => Partitioner> = new Map(
  [
    DefaultPartitioner,
    FieldPartitioner,
    TimeBasedPartitioner,
    HourlyPartitioner,
    DailyPartitioner,
    FieldAndTimePartitioner,
  ].flatMap((cls) => cls.CLASS_NAMES.map((name) => [name, cls as new () => Partitioner] as const)),
);
