import { DataError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { deadLetterHeaders } from '../../src/index.js';

describe('deadLetterHeaders', () => {
  it("writes Kafka Connect's context headers as UTF-8 text", () => {
    const error = new DataError('cannot decode');
    const headers = deadLetterHeaders(
      {
        record: {
          topic: 'orders',
          partition: 3,
          offset: 9_007_199_254_740_993n,
          key: null,
          value: null,
          timestamp: null,
          timestampType: 'NoTimestampType',
          headers: [],
        },
        stage: 'VALUE_CONVERTER',
        className: 'org.apache.kafka.connect.storage.StringConverter',
        error,
      },
      { connectorName: 'orders-sink', taskId: 2 },
    );
    const text = Object.fromEntries(headers.map(([k, v]) => [k, Buffer.from(v).toString('utf8')]));
    expect(Object.keys(text)).toEqual([
      '__connect.errors.topic',
      '__connect.errors.partition',
      '__connect.errors.offset',
      '__connect.errors.connector.name',
      '__connect.errors.task.id',
      '__connect.errors.stage',
      '__connect.errors.class.name',
      '__connect.errors.exception.class.name',
      '__connect.errors.exception.message',
      '__connect.errors.exception.stacktrace',
    ]);
    expect(text).toMatchObject({
      '__connect.errors.topic': 'orders',
      '__connect.errors.partition': '3',
      '__connect.errors.offset': '9007199254740993',
      '__connect.errors.connector.name': 'orders-sink',
      '__connect.errors.task.id': '2',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.class.name': 'org.apache.kafka.connect.storage.StringConverter',
      '__connect.errors.exception.class.name': 'DataError',
      '__connect.errors.exception.message': 'cannot decode',
    });
    expect(text['__connect.errors.exception.stacktrace']).toContain('DataError: cannot decode');
  });
});
