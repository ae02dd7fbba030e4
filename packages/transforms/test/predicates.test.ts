import { ConfigError, Headers } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMATIONS } from '../src/built-in-plugins.js';
import { Filter } from '../src/filter.js';
import { HasHeaderKey } from '../src/predicates/has-header-key.js';
import { RecordIsTombstone } from '../src/predicates/record-is-tombstone.js';
import { TopicNameMatches } from '../src/predicates/topic-name-matches.js';
import { configured, record, withValue } from './records.js';

function predicate<P extends { configure(c: Record<string, unknown>): void }>(
  P: new () => P,
  configs: Record<string, unknown>,
): P {
  const p = new P();
  p.configure(configs);
  return p;
}

describe('predicates and Filter', () => {
  it('TopicNameMatches matches the whole topic name', () => {
    expect(predicate(TopicNameMatches, { pattern: 'ord.*' }).test(record())).toBe(true);
    expect(predicate(TopicNameMatches, { pattern: 'ord' }).test(record())).toBe(false);
    expect(() => predicate(TopicNameMatches, { pattern: '[' })).toThrow(ConfigError);
  });

  it('HasHeaderKey and RecordIsTombstone', () => {
    const withHeader = record({ headers: new Headers().addString('trace', 'x') });
    expect(predicate(HasHeaderKey, { name: 'trace' }).test(withHeader)).toBe(true);
    expect(predicate(HasHeaderKey, { name: 'trace' }).test(record())).toBe(false);
    expect(predicate(RecordIsTombstone, {}).test(withValue(null))).toBe(true);
    expect(predicate(RecordIsTombstone, {}).test(withValue('x'))).toBe(false);
  });

  it('Filter drops every record it is applied to', () => {
    expect(configured(Filter, {}).apply(record())).toBeNull();
  });

  it('registers every class under its Kafka name and its short name', () => {
    expect(BUILT_IN_TRANSFORMATIONS['org.apache.kafka.connect.transforms.InsertField$Value']).toBeDefined();
    expect(BUILT_IN_TRANSFORMATIONS.InsertField$Value).toBe(
      BUILT_IN_TRANSFORMATIONS['org.apache.kafka.connect.transforms.InsertField$Value'],
    );
    expect(BUILT_IN_PREDICATES['org.apache.kafka.connect.transforms.predicates.RecordIsTombstone']).toBe(
      RecordIsTombstone,
    );
    expect(Object.keys(BUILT_IN_TRANSFORMATIONS)).toHaveLength(52);
  });
});
