import { describe, expect, it } from 'vitest';
import { DataError, Decimal, Headers, Schema } from '../../src/index.js';

describe('Headers', () => {
  it('keeps order and duplicates; the last header with a key is the current one', () => {
    const headers = new Headers().add('trace', 'a').add('tenant', 'x').add('trace', 'b');
    expect(headers.size).toBe(3);
    expect(headers.lastWithName('trace')?.value).toBe('b');
    expect(headers.allWithName('trace').map((h) => h.value)).toEqual(['a', 'b']);
    expect([...headers].map((h) => h.key)).toEqual(['trace', 'tenant', 'trace']);
    expect(headers.lastWithName('missing')).toBeUndefined();
  });

  it('allows schemaless values and validates values added with a schema', () => {
    const headers = new Headers().add('any', { nested: [1, 2] });
    expect(headers.lastWithName('any')).toEqual({ key: 'any', schema: null, value: { nested: [1, 2] } });
    expect(() => headers.add('count', 'three', Schema.INT32_SCHEMA)).toThrow(
      new DataError('Invalid value for header "count": INT32 needs an integer number, got string'),
    );
    expect(headers.size).toBe(1);
    expect(() => headers.add(42 as unknown as string, 'x')).toThrow(TypeError);
  });

  it('has typed adders that attach the matching schema', () => {
    const headers = new Headers()
      .addString('s', 'v')
      .addBoolean('b', true)
      .addInt32('i', 7)
      .addInt64('l', 2n ** 62n)
      .addFloat64('d', 0.5)
      .addBytes('raw', new Uint8Array([1]))
      .addDecimal('price', Decimal.parse('9.99'))
      .addTimestamp('at', new Date(0));
    expect(headers.toArray().map((h) => [h.key, h.schema?.type])).toEqual([
      ['s', 'STRING'],
      ['b', 'BOOLEAN'],
      ['i', 'INT32'],
      ['l', 'INT64'],
      ['d', 'FLOAT64'],
      ['raw', 'BYTES'],
      ['price', 'BYTES'],
      ['at', 'INT64'],
    ]);
    expect(headers.lastWithName('price')?.schema?.parameters).toEqual({ scale: '2' });
    expect(headers.lastWithName('at')?.schema?.name).toBe('org.apache.kafka.connect.data.Timestamp');
    expect(() => new Headers().addInt64('l', 1 as unknown as bigint)).toThrow('INT64 needs a bigint');
  });

  it('removes, retains the latest, and clears', () => {
    const headers = new Headers().add('a', 1).add('b', 1).add('a', 2).add('b', 2).add('c', 1);
    expect(
      headers
        .duplicate()
        .retainLatest('a')
        .toArray()
        .map((h) => `${h.key}${h.value}`),
    ).toEqual(['b1', 'a2', 'b2', 'c1']);
    expect(
      headers
        .duplicate()
        .retainLatest()
        .toArray()
        .map((h) => `${h.key}${h.value}`),
    ).toEqual(['a2', 'b2', 'c1']);
    expect(
      headers
        .duplicate()
        .remove('a')
        .toArray()
        .map((h) => h.key),
    ).toEqual(['b', 'b', 'c']);
    expect(headers.duplicate().clear().isEmpty()).toBe(true);
    expect(headers.size).toBe(5);
  });

  it('apply() transforms or drops headers, optionally only those with one key, and validates results', () => {
    const headers = new Headers().add('a', 1).add('b', 2).add('a', 3);
    headers.apply((h) => (h.value === 1 ? null : { ...h, value: (h.value as number) * 10 }), 'a');
    expect(headers.toArray().map((h) => `${h.key}${h.value}`)).toEqual(['b2', 'a30']);
    expect(() => headers.apply((h) => ({ ...h, schema: Schema.STRING_SCHEMA }))).toThrow(
      'Invalid value for header "b"',
    );
  });

  it('duplicate() is independent of the original', () => {
    const original = new Headers().add('a', 1);
    const copy = original.duplicate().add('b', 2);
    expect(original.size).toBe(1);
    expect(copy.size).toBe(2);
    expect(Object.isFrozen(original.lastWithName('a'))).toBe(true);
  });

  it('builds from an iterable of headers, validating them', () => {
    const copy = new Headers([{ key: 'x', schema: Schema.INT8_SCHEMA, value: 1 }]);
    expect(copy.lastWithName('x')?.value).toBe(1);
    expect(() => new Headers([{ key: 'x', schema: Schema.INT8_SCHEMA, value: 1000 }])).toThrow('INT8 is out of range');
  });
});
