import { describe, expect, it } from 'vitest';
import { DataError, SinkRecord } from '../../src/index.js';

describe('DataError', () => {
  it('is not retriable, has code DATA_INVALID, and says topic, partition and offset', () => {
    const error = new DataError('Cannot parse JSON', { topic: 'orders', partition: 3, offset: 9_007_199_254_740_993n });
    expect(error.code).toBe('DATA_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe('Cannot parse JSON (topic orders, partition 3, offset 9007199254740993)');
    expect(error.reason).toBe('Cannot parse JSON');
    expect([error.topic, error.partition, error.offset]).toEqual(['orders', 3, 9_007_199_254_740_993n]);
  });

  it('has no location suffix when nothing is known', () => {
    expect(new DataError('bad').message).toBe('bad');
    expect(new DataError('bad', { topic: 't' }).message).toBe('bad (topic t)');
  });

  it('at() locates an error at a record, keeping code and cause', () => {
    const record = new SinkRecord({ topic: 'orders', kafkaPartition: 0, kafkaOffset: 2n ** 60n });
    const cause = new Error('root');
    const located = DataError.at(record, new DataError('wrong type', { code: 'DATA_SCHEMA', cause }));
    expect(located.message).toBe(`wrong type (topic orders, partition 0, offset ${2n ** 60n})`);
    expect([located.code, located.cause]).toEqual(['DATA_SCHEMA', cause]);

    const fromPlain = DataError.at(record, new SyntaxError('Unexpected token'));
    expect(fromPlain.message).toBe(`Unexpected token (topic orders, partition 0, offset ${2n ** 60n})`);
    expect(fromPlain.cause).toBeInstanceOf(SyntaxError);
  });
});
