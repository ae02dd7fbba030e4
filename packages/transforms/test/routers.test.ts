import { ConfigError, DataError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { RegexRouter } from '../src/regex-router.js';
import { TimestampRouter } from '../src/timestamp-router.js';
import { configured, record } from './records.js';

describe('RegexRouter', () => {
  it('renames a topic that matches as a whole, with groups, and keeps the original coordinates', () => {
    const smt = configured(RegexRouter, { regex: '(.*)ders', replacement: 'routed-$1' });
    const out = smt.apply(record());
    expect(out.topic).toBe('routed-or');
    expect(out.originalTopic).toBe('orders');
    expect(configured(RegexRouter, { regex: 'ord', replacement: 'x' }).apply(record()).topic).toBe('orders');
  });

  it("reads the replacement in Java's syntax: named groups, \\$ for a dollar, $12 as group 1 then '2' when there is no group 12", () => {
    const route = (regex: string, replacement: string) =>
      configured(RegexRouter, { regex, replacement }).apply(record()).topic;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Java's named-group reference
    expect(route('(?<head>or)(.*)', '${head}-$2')).toBe('or-ders');
    expect(route('(.*)', 'cost\\$$1')).toBe('cost$orders');
    expect(route('(.*)', '$12')).toBe('orders2');
    expect(route('(.*)', 'a\\\\b')).toBe('a\\b');
  });

  it('refuses a replacement Java would refuse, naming the key', () => {
    expect(() => configured(RegexRouter, { regex: '(.*)', replacement: '$2' })).toThrow(/replacement.*No group 2/);
    expect(() => configured(RegexRouter, { regex: '(.*)', replacement: 'x$' })).toThrow(ConfigError);
    expect(() => configured(RegexRouter, { regex: '(.*)', replacement: 'x\\' })).toThrow(/character to be escaped/);
  });

  it('refuses an invalid regex naming the key', () => {
    expect(() => configured(RegexRouter, { regex: '(', replacement: 'x' })).toThrow(ConfigError);
    expect(() => configured(RegexRouter, { regex: '(', replacement: 'x' })).toThrow(/regex/);
  });
});

describe('TimestampRouter', () => {
  it('routes by the record timestamp with the default formats (UTC)', () => {
    expect(configured(TimestampRouter, {}).apply(record()).topic).toBe('orders-20231114');
    const hourly = configured(TimestampRouter, {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholders
      'topic.format': 'hourly_${topic}',
      'timestamp.format': 'yyyy-MM-dd-HH',
    });
    expect(hourly.apply(record()).topic).toBe('hourly_orders');
    const both = configured(TimestampRouter, {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's placeholders
      'topic.format': '${timestamp}/${topic}',
      'timestamp.format': 'yyyy-MM-dd-HH',
    });
    expect(both.apply(record()).topic).toBe('2023-11-14-22/orders');
  });

  it('fails on a record without a timestamp', () => {
    expect(() => configured(TimestampRouter, {}).apply(record({ timestamp: null }))).toThrow(DataError);
    expect(() => configured(TimestampRouter, {}).apply(record({ timestamp: null }))).toThrow(/Timestamp missing/);
  });
});
