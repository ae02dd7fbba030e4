import {
  ConfigError,
  type Converter,
  DataError,
  type HeaderConverter,
  type Headers,
  RetriableError,
  Schema,
  type SchemaAndValue,
} from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { buildPipeline, type FetchedRecord, PluginRegistry, parseRuntimeConfig } from '../../src/index.js';

/** A value converter that fails retriably its first `failures` calls (a registry that is down), then reads text. */
class FlakyConverter implements Converter {
  static failures = 0;
  static calls = 0;
  configure(): void {}
  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    FlakyConverter.calls++;
    if (FlakyConverter.failures > 0) {
      FlakyConverter.failures--;
      throw new RetriableError('registry unreachable', { code: 'REGISTRY_UNAVAILABLE' });
    }
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: value && Buffer.from(value).toString() };
  }
}

/** A header converter of the application's own, upper-casing text. */
class UpperHeaderConverter implements HeaderConverter {
  configure(): void {}
  toConnectHeader(_topic: string, _key: string, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: value && Buffer.from(value).toString().toUpperCase() };
  }
}

const registry = new PluginRegistry({
  converters: { Flaky: FlakyConverter },
  headerConverters: { UpperHeaderConverter },
});

function fetched(offset: number, headers: [string, Uint8Array | null][], value = `v${offset}`): FetchedRecord {
  return {
    topic: 'orders',
    partition: 3,
    offset: BigInt(offset),
    key: null,
    value: Buffer.from(value),
    timestamp: 1_700_000_000_000,
    timestampType: 'CreateTime',
    headers,
  };
}

function pipeline(extra: Record<string, string> = {}) {
  const config = parseRuntimeConfig(
    { name: 'p', 'bootstrap.servers': 'x:1', topics: 'orders', 'value.converter': 'StringConverter', ...extra },
    registry,
  );
  return buildPipeline(config, registry);
}

const text = (s: string) => Buffer.from(s);

describe('header.converter', () => {
  it("defaults to Connect's SimpleHeaderConverter: header text becomes typed values", async () => {
    const headers: [string, Uint8Array | null][] = [
      ['tenant', text('acme')],
      ['attempt', text('3')],
      ['retry', text('true')],
      ['tags', text('["a","b"]')],
      ['empty', null],
    ];
    const { records, failures } = await pipeline().process([fetched(0, headers)]);
    expect(failures).toEqual([]);
    const h = records[0]?.headers;
    expect(h?.lastWithName('tenant')).toMatchObject({ schema: Schema.STRING_SCHEMA, value: 'acme' });
    expect(h?.lastWithName('attempt')).toMatchObject({ schema: Schema.INT8_SCHEMA, value: 3 });
    expect(h?.lastWithName('retry')?.value).toBe(true);
    expect(h?.lastWithName('tags')?.value).toEqual(['a', 'b']);
    expect(h?.lastWithName('empty')?.value).toBeNull();
    expect([...(h ?? [])].map((x) => x.key)).toEqual(['tenant', 'attempt', 'retry', 'tags', 'empty']);
  });

  it('ByteArrayConverter keeps header bytes; StringConverter makes every header a string', async () => {
    const raw = await pipeline({
      'header.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
    }).process([fetched(0, [['n', text('3')]])]);
    expect(raw.records[0]?.headers.lastWithName('n')).toMatchObject({ schema: Schema.OPTIONAL_BYTES_SCHEMA });
    const strings = await pipeline({ 'header.converter': 'org.apache.kafka.connect.storage.StringConverter' }).process([
      fetched(0, [['n', text('3')]]),
    ]);
    expect(strings.records[0]?.headers.lastWithName('n')?.value).toBe('3');
  });

  it('JsonConverter as header converter takes its settings under header.converter.*', async () => {
    const p = pipeline({ 'header.converter': 'JsonConverter', 'header.converter.schemas.enable': 'false' });
    const { records } = await p.process([fetched(0, [['meta', text('{"n": 1}')]])]);
    expect(records[0]?.headers.lastWithName('meta')?.value).toEqual({ n: 1n });
  });

  it("uses the application's own header converter class", async () => {
    const { records } = await pipeline({ 'header.converter': 'UpperHeaderConverter' }).process([
      fetched(0, [['h', text('abc')]]),
    ]);
    expect(records[0]?.headers.lastWithName('h')?.value).toBe('ABC');
  });

  it('a header that cannot be converted fails its record at HEADER_CONVERTER, naming the key and the record', async () => {
    const p = pipeline({ 'header.converter': 'StringConverter' });
    const { records, failures } = await p.process([
      fetched(7, [['ok', text('fine')]]),
      fetched(8, [
        ['ok', text('fine')],
        ['trace', Uint8Array.of(0xff, 0xfe)],
      ]),
      fetched(9, []),
    ]);
    expect(records.map((r) => r.kafkaOffset)).toEqual([7n, 9n]);
    expect(failures).toHaveLength(1);
    const [f] = failures;
    expect([f?.stage, f?.className, f?.record.offset]).toEqual(['HEADER_CONVERTER', 'StringConverter', 8n]);
    expect(f?.error).toBeInstanceOf(DataError);
    expect(f?.error.message).toBe(
      "Header 'trace' could not be converted by StringConverter: StringConverter: bytes are not valid utf8 (topic orders, partition 3, offset 8)",
    );
    // The dead-letter queue gets the record as fetched.
    expect(f?.record.headers[1]?.[1]).toEqual(Uint8Array.of(0xff, 0xfe));
  });

  it('rejects a class that is not a header converter, and bad header converter settings, at start', () => {
    expect(() => pipeline({ 'header.converter': 'AvroConverter' })).toThrow(
      /Invalid value AvroConverter for configuration header\.converter: no header converter class is registered/,
    );
    expect(() =>
      pipeline({ 'header.converter': 'StringConverter', 'header.converter.converter.encoding': 'ebcdic' }),
    ).toThrow(ConfigError);
  });
});

describe('errors.retry.timeout', () => {
  const retrying = { 'value.converter': 'Flaky', 'errors.retry.delay.max.ms': '20' };

  it('0 (the default): a retriable converter failure fails the record at once', async () => {
    FlakyConverter.failures = 1;
    FlakyConverter.calls = 0;
    const { records, failures } = await pipeline({ 'value.converter': 'Flaky' }).process([
      fetched(0, []),
      fetched(1, []),
    ]);
    expect(failures.map((f) => [f.stage, f.record.offset, (f.error as RetriableError).code])).toEqual([
      ['VALUE_CONVERTER', 0n, 'REGISTRY_UNAVAILABLE'],
    ]);
    expect(records.map((r) => r.value)).toEqual(['v1']);
    expect(FlakyConverter.calls).toBe(2);
  });

  it('retries a retriable failure until it succeeds, keeping the record order', async () => {
    FlakyConverter.failures = 4;
    FlakyConverter.calls = 0;
    const p = pipeline({ ...retrying, 'errors.retry.timeout': '60000' });
    const { records, failures } = await p.process([fetched(0, []), fetched(1, [])]);
    expect(failures).toEqual([]);
    expect(records.map((r) => r.value)).toEqual(['v0', 'v1']);
    expect(FlakyConverter.calls).toBe(6);
  });

  it('-1 retries without limit; the failure left when the timeout passes is the record’s', async () => {
    FlakyConverter.failures = 6;
    const unlimited = await pipeline({ ...retrying, 'errors.retry.timeout': '-1' }).process([fetched(0, [])]);
    expect(unlimited.records.map((r) => r.value)).toEqual(['v0']);

    FlakyConverter.failures = Number.MAX_SAFE_INTEGER;
    const limited = await pipeline({ ...retrying, 'errors.retry.timeout': '300' }).process([fetched(0, [])]);
    expect(limited.failures.map((f) => f.error.message)).toEqual(['registry unreachable']);
    FlakyConverter.failures = 0;
  });

  it('never retries a non-retriable failure', async () => {
    const { failures } = await pipeline({
      'errors.retry.timeout': '60000',
      'header.converter': 'StringConverter',
    }).process([fetched(0, [['h', Uint8Array.of(0xff)]])]);
    expect(failures.map((f) => f.stage)).toEqual(['HEADER_CONVERTER']);
  });

  it('interrupt() ends a retry at once: the record comes back failed', async () => {
    FlakyConverter.failures = Number.MAX_SAFE_INTEGER;
    const p = pipeline({ 'value.converter': 'Flaky', 'errors.retry.timeout': '-1' });
    const result = p.process([fetched(0, [])]);
    setTimeout(() => p.interrupt(), 50);
    const { failures } = await result;
    expect(failures.map((f) => f.record.offset)).toEqual([0n]);
    FlakyConverter.failures = 0;
  });

  it('rejects values below -1', () => {
    expect(() => pipeline({ 'errors.retry.timeout': '-2' })).toThrow(
      'Invalid value -2 for configuration errors.retry.timeout: must be at least -1',
    );
  });
});
