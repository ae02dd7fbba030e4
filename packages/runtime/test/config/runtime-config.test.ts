import { ConfigError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { PluginRegistry, parseRuntimeConfig } from '../../src/index.js';

const base = { name: 'sink', 'bootstrap.servers': 'localhost:9092', topics: 'orders' };

function errorOf(props: Record<string, unknown>): ConfigError {
  try {
    parseRuntimeConfig(props, new PluginRegistry());
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseRuntimeConfig', () => {
  it('applies Kafka Connect defaults', () => {
    const config = parseRuntimeConfig(base, new PluginRegistry());
    expect(config.groupId).toBe('connect-sink');
    expect(config.topics).toEqual(['orders']);
    expect(config.errorsTolerance).toBe('none');
    expect(config.offsetFlushIntervalMs).toBe(60_000);
    expect(config.valueConverter.className).toBe('org.apache.kafka.connect.converters.ByteArrayConverter');
  });

  it('names key, value and reason for an unknown converter class', () => {
    const error = errorOf({ ...base, 'value.converter': 'com.example.AvroConverter' });
    expect(error.message).toContain('Invalid value com.example.AvroConverter for configuration value.converter');
    expect(error.message).toContain('no converter class is registered under this name; known:');
    expect(error.keys).toEqual(['value.converter']);
  });

  it('names key, value and reason for a negative commit interval', () => {
    expect(errorOf({ ...base, 'offset.flush.interval.ms': '-5' }).message).toBe(
      'Invalid value -5 for configuration offset.flush.interval.ms: must be at least 0',
    );
  });

  it('runs the consumer on the task’s thread unless sinkkit.consumer.thread says worker', () => {
    expect(parseRuntimeConfig(base, new PluginRegistry()).consumerThread).toBe('main');
    const config = parseRuntimeConfig({ ...base, 'sinkkit.consumer.thread': 'worker' }, new PluginRegistry());
    expect(config.consumerThread).toBe('worker');
    const error = errorOf({ ...base, 'sinkkit.consumer.thread': 'background' });
    expect(error.keys).toEqual(['sinkkit.consumer.thread']);
    expect(error.message).toContain('Invalid value background for configuration sinkkit.consumer.thread');
  });

  it('rejects missing topics', () => {
    const { name, 'bootstrap.servers': servers } = base;
    expect(errorOf({ name, 'bootstrap.servers': servers }).message).toBe(
      'Invalid configuration topics: missing: set topics (a list) or topics.regex',
    );
  });

  it('rejects topics together with topics.regex', () => {
    expect(errorOf({ ...base, 'topics.regex': 'orders-.*' }).message).toBe(
      'Invalid value orders for configuration topics: topics and topics.regex are both set; set exactly one of them',
    );
  });

  it('rejects a regex that does not compile', () => {
    const { topics: _t, ...rest } = base;
    expect(errorOf({ ...rest, 'topics.regex': 'orders-(' }).message).toContain(
      'Invalid value orders-( for configuration topics.regex: not a valid regex',
    );
  });

  it('reports every bad key of the definition at once', () => {
    const error = errorOf({ ...base, 'errors.tolerance': 'some', 'consumer.override.max.poll.records': '0' });
    expect(error.keys).toEqual(['errors.tolerance', 'consumer.override.max.poll.records']);
    expect(error.message).toContain('Invalid value some for configuration errors.tolerance: must be one of none, all');
  });

  it('rejects a dead-letter topic that is also consumed', () => {
    expect(errorOf({ ...base, 'errors.deadletterqueue.topic.name': 'orders' }).message).toContain(
      'configuration errors.deadletterqueue.topic.name: is also one of the consumed topics',
    );
  });

  it('checks transformation and predicate entries', () => {
    const error = errorOf({
      ...base,
      transforms: 'a,b',
      'transforms.a.type': 'Nope',
      'transforms.b.type': 'Nope',
      'transforms.b.predicate': 'missing',
    });
    expect(error.keys).toEqual(['transforms.a.type', 'transforms.b.type', 'transforms.b.predicate']);
    expect(error.message).toContain('Invalid value Nope for configuration transforms.a.type: no transformation class');
    expect(error.message).toContain('Invalid value missing for configuration transforms.b.predicate: is not listed');
  });

  it('compiles topics.regex to a whole-name match', () => {
    const { topics: _t, ...rest } = base;
    const config = parseRuntimeConfig({ ...rest, 'topics.regex': 'orders-.*' }, new PluginRegistry());
    expect(config.topics).toBeInstanceOf(RegExp);
    expect((config.topics as RegExp).test('orders-eu')).toBe(true);
    expect((config.topics as RegExp).test('x-orders-eu')).toBe(false);
  });
});
