import { describe, expect, it } from 'vitest';
import { closestKey, editDistance } from '../../src/standalone/closest-key.js';
import { unknownKeyNotices } from '../../src/standalone/unknown-keys.js';

const DEFINED = [
  'flush.size',
  'topics.dir',
  'rotate.interval.ms',
  'rotate.schedule.interval.ms',
  'store.url',
  'topics',
];

describe('unknown keys', () => {
  it('flush.szie: unknown key; did you mean flush.size?', () => {
    expect(unknownKeyNotices(['flush.szie', 'flush.size'], { defined: DEFINED })).toEqual([
      'flush.szie: unknown key; did you mean flush.size?',
    ]);
  });

  it('suggests the closest key within a few edits, and none when nothing is close', () => {
    expect(
      unknownKeyNotices(['rotate.intervall.ms', 'stroe.url', 'completely.different'], { defined: DEFINED }),
    ).toEqual([
      'completely.different: unknown key, ignored',
      'rotate.intervall.ms: unknown key; did you mean rotate.interval.ms?',
      'stroe.url: unknown key; did you mean store.url?',
    ]);
  });

  it('keys under the framework prefixes, Connect keys and Kafka client keys are not unknown', () => {
    const keys = [
      'name',
      'connector.class',
      'tasks.max',
      'config.action.reload',
      'consumer.override.max.poll.records',
      'producer.override.acks',
      'key.converter.schemas.enable',
      'value.converter.schema.registry.url',
      'header.converter.charset',
      'transforms.mask.type',
      'predicates.isTomb.type',
      'errors.deadletterqueue.topic.replication.factor',
      'security.protocol',
      'sasl.mechanism',
      'ssl.truststore.location',
    ];
    expect(unknownKeyNotices(keys, { defined: DEFINED })).toEqual([]);
  });

  it('keys a component accepts without defining them (its own notices) are not reported twice', () => {
    expect(unknownKeyNotices(['rotation.num', 's3.proxy.url'], { defined: DEFINED, accepts: () => true })).toEqual([]);
  });

  it('the distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('flush.szie', 'flush.size')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestKey('topic', ['topics', 'topics.dir'])).toBe('topics');
    expect(closestKey('xyz', ['topics'])).toBeUndefined();
  });
});
