import { ConfigError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { loadSinkSettings, parseSinkSettings } from '../../src/config/sink-settings.js';

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('every problem of every stage in one ConfigError', () => {
  it('a bad sink key, a bad destination, a bad format, a bad partitioner setting and a bad topics.dir, together', () => {
    const error = problemsOf(() =>
      parseSinkSettings({
        'flush.size': 'abc',
        'store.url': 's4://bucket/p',
        'format.class': 'nope',
        'partitioner.class': 'field',
        'partition.field.name': '',
        'topics.dir': '../x',
      }),
    );
    expect(error.keys).toEqual(['flush.size', 'store.url', 'topics.dir', 'format.class', 'partition.field.name']);
    expect(error.message).toMatch(/^5 invalid configurations:/);
  });

  it("a format's own bad key is reported beside a bad sink key (each stage runs with the other's key broken)", () => {
    const error = problemsOf(() =>
      parseSinkSettings({
        'flush.size': '-3',
        'store.url': 'file:///srv/sink',
        'format.class': 'json',
        's3.compression.type': 'zip',
        timezone: 'Mars/Olympus',
      }),
    );
    expect(error.keys).toEqual(['flush.size', 'timezone', 's3.compression.type']);
  });

  it('a missing required key does not hide the problems of the stages after it', () => {
    const error = problemsOf(() => parseSinkSettings({ 'store.url': 'gs://', 'partitioner.class': 'nope' }));
    expect(error.keys).toEqual(['flush.size', 'format.class', 'store.url', 'partitioner.class']);
  });

  it('loadSinkSettings reports them all too (the path the connector and the task take)', async () => {
    const error = await loadSinkSettings({
      'flush.size': 'x',
      'store.url': 'ftp://nowhere',
      'format.class': 'avro',
      'avro.codec': 'lzma',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toEqual(['flush.size', 'store.url', 'avro.codec']);
  });

  it('a good configuration still parses, and a problem found twice is reported once', () => {
    expect(
      parseSinkSettings({ 'flush.size': '5', 'store.url': 'file:///srv/sink', 'format.class': 'json' }).values[
        'flush.size'
      ],
    ).toBe(5);
    const error = problemsOf(() =>
      parseSinkSettings({
        'flush.size': '5',
        'store.url': 'file:///srv/sink',
        'format.class': 'json',
        timezone: 'Nope/x',
      }),
    );
    expect(error.problems).toHaveLength(1);
  });
});
