import { ConfigDef, type Predicate, type SinkRecord, type Transformation } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { buildPipeline, type FetchedRecord, PluginRegistry, parseRuntimeConfig } from '../../src/index.js';
import { StrictConverter } from '../helpers/strict-converter.js';

class Upper implements Transformation {
  configure(): void {}
  apply(record: SinkRecord): SinkRecord | null {
    if (record.value === 'boom') throw new Error('cannot upper-case boom');
    return record.newRecord({ value: String(record.value).toUpperCase() });
  }
  config() {
    return new ConfigDef();
  }
  close(): void {}
}

class DropEmpty implements Transformation {
  configure(): void {}
  apply(record: SinkRecord): SinkRecord | null {
    return record.value === '' ? null : record;
  }
  config() {
    return new ConfigDef();
  }
  close(): void {}
}

class ValueStartsWith implements Predicate {
  prefix = '';
  configure(configs: Record<string, unknown>): void {
    this.prefix = String(configs.prefix);
  }
  test(record: SinkRecord): boolean {
    return String(record.value).startsWith(this.prefix);
  }
  config() {
    return new ConfigDef();
  }
  close(): void {}
}

const registry = new PluginRegistry({
  converters: { Strict: StrictConverter },
  transformations: { Upper, DropEmpty },
  predicates: { ValueStartsWith },
});

function fetched(offset: number, value: string | null, key: string | null = null): FetchedRecord {
  return {
    topic: 't',
    partition: 2,
    offset: BigInt(offset),
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp: 1_700_000_000_000,
    timestampType: 'CreateTime',
    headers: [['h', Buffer.from('v')]],
  };
}

function pipeline(extra: Record<string, string>) {
  const config = parseRuntimeConfig(
    { name: 'p', 'bootstrap.servers': 'x:1', topics: 't', 'value.converter': 'Strict', ...extra },
    registry,
  );
  return buildPipeline(config, registry);
}

describe('RecordPipeline', () => {
  it('converts key, value and headers into a SinkRecord keeping the Kafka coordinates', async () => {
    const p = pipeline({ 'key.converter': 'StringConverter' });
    p.trackOrigins();
    const { records, failures } = await p.process([fetched(7, 'hello', 'k1')]);
    expect(failures).toEqual([]);
    const [r] = records;
    expect(r?.key).toBe('k1');
    expect(r?.value).toBe('hello');
    expect(r?.kafkaOffset).toBe(7n);
    expect(r?.kafkaPartition).toBe(2);
    expect(r?.timestamp).toBe(1_700_000_000_000);
    expect(Buffer.from(r?.headers.lastWithName('h')?.value as Uint8Array).toString()).toBe('v');
    expect(p.originOf(r as SinkRecord)?.offset).toBe(7n);
  });

  it('keeps no origins unless asked to (only the dead-letter queue needs them)', async () => {
    const p = pipeline({});
    const { records } = await p.process([fetched(3, 'x')]);
    expect(records).toHaveLength(1);
    expect(p.originOf(records[0] as SinkRecord)).toBeUndefined();
  });

  it('applies transformations in order, gated by predicates with negate, and drops on null', async () => {
    const p = pipeline({
      transforms: 'upper,drop',
      'transforms.upper.type': 'Upper',
      'transforms.upper.predicate': 'isA',
      'transforms.upper.negate': 'true',
      'transforms.drop.type': 'DropEmpty',
      predicates: 'isA',
      'predicates.isA.type': 'ValueStartsWith',
      'predicates.isA.prefix': 'a',
    });
    const { records } = await p.process([fetched(0, 'abc'), fetched(1, 'xyz'), fetched(2, '')]);
    expect(records.map((r) => r.value)).toEqual(['abc', 'XYZ']);
  });

  it('returns failures with stage, class and original bytes instead of throwing', async () => {
    const p = pipeline({ transforms: 'upper', 'transforms.upper.type': 'Upper' });
    const { records, failures } = await p.process([fetched(0, 'ok'), fetched(1, 'POISON'), fetched(2, 'boom')]);
    expect(records.map((r) => r.value)).toEqual(['OK']);
    expect(failures.map((f) => [f.stage, f.className, f.record.offset])).toEqual([
      ['VALUE_CONVERTER', 'Strict', 1n],
      ['TRANSFORMATION', 'Upper', 2n],
    ]);
    expect(Buffer.from(failures[0]?.record.value as Uint8Array).toString()).toBe('POISON');
  });

  it('reports a converter rejecting its settings under the full key', () => {
    expect(() =>
      pipeline({ 'value.converter': 'StringConverter', 'value.converter.converter.encoding': 'ebcdic' }),
    ).toThrow('Invalid value ebcdic for configuration value.converter.converter.encoding: must be one of');
  });
});
