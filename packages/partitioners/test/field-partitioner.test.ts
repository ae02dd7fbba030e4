import { DataError, Schema, SchemaBuilder, SinkRecord, Struct } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { FieldPartitioner } from '../src/index.js';

const record = (value: unknown, valueSchema: Schema | null = null) =>
  new SinkRecord({ topic: 'orders', kafkaPartition: 2, kafkaOffset: 17n, value, valueSchema });

const partitioner = (fields: string, extra: Record<string, unknown> = {}) => {
  const p = new FieldPartitioner();
  p.configure({ 'partition.field.name': fields, ...extra });
  return p;
};

const address = SchemaBuilder.struct()
  .field('country', Schema.STRING_SCHEMA)
  .field('zip', Schema.OPTIONAL_STRING_SCHEMA)
  .build();
const order = SchemaBuilder.struct()
  .field('region', Schema.STRING_SCHEMA)
  .field('tier', Schema.INT32_SCHEMA)
  .field('vip', Schema.BOOLEAN_SCHEMA)
  .field('amount', Schema.FLOAT64_SCHEMA)
  .field('address', address)
  .build();
const struct = (region: string) =>
  new Struct(order)
    .put('region', region)
    .put('tier', 3)
    .put('vip', true)
    .put('amount', 9.5)
    .put('address', new Struct(address).put('country', 'FR'));

describe('FieldPartitioner', () => {
  it('writes name=value per field, joined by directory.delim, as Confluent’s FieldPartitioner', () => {
    // storage-common FieldPartitionerTest: `int=12/string=def`-style segments for a Struct value.
    const p = partitioner('region,tier,vip');
    const encoded = p.encodePartition(record(struct('eu'), order));
    expect(encoded).toBe('region=eu/tier=3/vip=true');
    expect(p.partitionedPath('orders', encoded)).toBe('orders/region=eu/tier=3/vip=true');
  });

  it('reads nested fields of Structs and schemaless maps', () => {
    expect(partitioner('address.country').encodePartition(record(struct('eu'), order))).toBe('address.country=FR');
    const json = { customer: { address: { country: 'DE' } }, tier: 2 };
    expect(partitioner('customer.address.country,tier').encodePartition(record(json))).toBe(
      'customer.address.country=DE/tier=2',
    );
    expect(partitioner('a.b').encodePartition(record(new Map([['a', new Map([['b', 'x']])]])))).toBe('a.b=x');
  });

  it('maps null and empty values to __HIVE_DEFAULT_PARTITION__', () => {
    expect(partitioner('address.zip').encodePartition(record(struct('eu'), order))).toBe(
      'address.zip=__HIVE_DEFAULT_PARTITION__',
    );
    expect(partitioner('region').encodePartition(record({ region: '' }))).toBe('region=__HIVE_DEFAULT_PARTITION__');
    expect(partitioner('region').encodePartition(record({ region: null }))).toBe('region=__HIVE_DEFAULT_PARTITION__');
  });

  it('joins with a custom directory.delim and encodes it inside values', () => {
    const p = partitioner('region,tier', { 'directory.delim': '-' });
    expect(p.encodePartition(record({ region: 'eu-west', tier: 1 }))).toBe('region=eu%2Dwest-tier=1');
  });

  describe('hostile values stay inside their own segment', () => {
    const hostile = [
      '../../../../etc/passwd',
      '..',
      '.',
      '/absolute',
      'a/b=c/region=us',
      '..\\..\\windows',
      'nul\u0000byte',
      'line\r\nbreak\u001b[31m',
      'x'.repeat(10 * 1024),
      '%2F..%2F',
    ];
    for (const value of hostile) {
      it(`${JSON.stringify(value.slice(0, 30))}${value.length > 30 ? '…' : ''}`, () => {
        const p = partitioner('region,tier');
        const path = `topics/${p.partitionedPath('orders', p.encodePartition(record({ region: value, tier: 1 })))}`;
        const segments = path.split('/');
        // Exactly topics / topic / one segment per field, none of them a traversal or empty.
        expect(segments).toHaveLength(4);
        expect(segments[0]).toBe('topics');
        expect(segments[1]).toBe('orders');
        expect(segments[2]).toMatch(/^region=[A-Za-z0-9\-._~%]+$/);
        expect(segments[3]).toBe('tier=1');
        expect(segments.some((s) => s === '.' || s === '..' || s === '')).toBe(false);
        expect([...path].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')).toBe(false);
        expect(segments[2]?.length).toBeLessThanOrEqual(7 + 161);
      });
    }

    it('different hostile values never share a directory', () => {
      const p = partitioner('region');
      const seen = new Set(hostile.map((v) => p.encodePartition(record({ region: v }))));
      expect(seen.size).toBe(hostile.length);
    });
  });

  describe('records it cannot place → DataError naming topic, partition and offset', () => {
    const cases: [string, string, unknown, Schema | null, RegExp][] = [
      ['a missing field', 'nope', struct('eu'), order, /Partition field nope is missing/],
      ['a missing map key', 'region', { other: 1 }, null, /Partition field region is missing/],
      ['a FLOAT64 field (Confluent refuses it too)', 'amount', struct('eu'), order, /FLOAT64/],
      ['a struct field', 'address', struct('eu'), order, /STRUCT/],
      ['a schemaless object value', 'region', { region: { x: 1 } }, null, /an object/],
      ['a schemaless array value', 'region', { region: [1] }, null, /an array/],
      ['a value that is not a Struct or map', 'region', 'plain text', Schema.STRING_SCHEMA, /not a Struct or map/],
      ['a tombstone', 'region', null, null, /not a Struct or map/],
      ['a path through a scalar', 'region.x', { region: 'eu' }, null, /region is a string, not a Struct or map/],
    ];
    for (const [what, fields, value, schema, message] of cases) {
      it(what, () => {
        const p = partitioner(fields);
        let error: unknown;
        try {
          p.encodePartition(record(value, schema));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).message).toMatch(message);
        expect((error as DataError).message).toContain('(topic orders, partition 2, offset 17)');
        expect((error as DataError).offset).toBe(17n);
      });
    }
  });

  it('refuses an empty partition.field.name at configure time', () => {
    expect(() => partitioner('')).toThrow(/partition\.field\.name/);
  });

  it('is known by its Confluent class name', () => {
    expect(FieldPartitioner.CLASS_NAMES).toContain('io.confluent.connect.storage.partitioner.FieldPartitioner');
  });
});
