import { describe, expect, it } from 'vitest';
import {
  ConfigDef,
  type Converter,
  DataError,
  type ErrantRecordReporter,
  type HeaderConverter,
  Headers,
  type PluginConfigs,
  type Predicate,
  Schema,
  type SchemaAndValue,
  type SinkRecord,
  type Transformation,
} from '../../src/index.js';
import { fakeContext, record } from './fixtures.js';

// Small implementations of each plugin interface, written as a user would: they prove the
// interfaces can be implemented as documented and behave as the contracts describe.

class StringConverter implements Converter {
  #encoding: BufferEncoding = 'utf8';
  configure(configs: PluginConfigs, _isKey: boolean) {
    this.#encoding = (configs['converter.encoding'] as BufferEncoding | undefined) ?? 'utf8';
  }
  toConnectData(_topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: null };
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: Buffer.from(value).toString(this.#encoding) };
  }
  fromConnectData(_topic: string, _headers: Headers, _schema: unknown, value: unknown) {
    return value == null ? null : Buffer.from(String(value), this.#encoding);
  }
}

class InsertTopicHeader implements Transformation {
  #header = 'topic';
  configure(configs: PluginConfigs) {
    this.#header = String(configs.header ?? 'topic');
  }
  apply(r: SinkRecord): SinkRecord | null {
    const headers = r.headers.duplicate().addString(this.#header, r.topic);
    return r.newRecord({ headers });
  }
  config() {
    return new ConfigDef().define('header', { type: 'string', default: 'topic', doc: 'Header name.' });
  }
  close() {}
}

class IsTombstone implements Predicate {
  configure() {}
  test(r: SinkRecord) {
    return r.value === null;
  }
  config() {
    return new ConfigDef();
  }
  close() {}
}

class Utf8HeaderConverter implements HeaderConverter {
  configure() {}
  toConnectHeader(_topic: string, _key: string, value: Uint8Array | null): SchemaAndValue {
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: value && Buffer.from(value).toString('utf8') };
  }
}

describe('plugin interfaces', () => {
  it('a converter round-trips values and maps null bytes to a null value', async () => {
    const converter = new StringConverter();
    converter.configure({}, false);
    const headers = new Headers();
    expect(await converter.toConnectData('t', headers, Buffer.from('héllo'))).toEqual({
      schema: Schema.OPTIONAL_STRING_SCHEMA,
      value: 'héllo',
    });
    expect((await converter.toConnectData('t', headers, null)).value).toBeNull();
    expect(Buffer.from((await converter.fromConnectData('t', headers, null, 'x')) as Uint8Array).toString()).toBe('x');
  });

  it('a transformation derives a new record and leaves the input untouched', () => {
    const smt = new InsertTopicHeader();
    smt.configure({ header: 'source.topic' });
    const input = record(7n);
    const output = smt.apply(input);
    expect(output?.headers.lastWithName('source.topic')?.value).toBe('orders');
    expect(input.headers.isEmpty()).toBe(true);
    expect(output?.kafkaOffset).toBe(7n);
    expect(smt.config().names()).toEqual(['header']);
  });

  it('a predicate selects records', () => {
    const predicate = new IsTombstone();
    expect([predicate.test(record(1n, null)), predicate.test(record(2n))]).toEqual([true, false]);
  });

  it('a header converter decodes bytes', () => {
    expect(new Utf8HeaderConverter().toConnectHeader('t', 'k', Buffer.from('v')).value).toBe('v');
  });

  it('an errant record reporter is reached through the task context', async () => {
    const reported: string[] = [];
    const reporter: ErrantRecordReporter = {
      report: async (r, error) => {
        reported.push(`${r.kafkaOffset}: ${error.message}`);
      },
    };
    const context = fakeContext(reporter);
    const bad = record(9_007_199_254_740_993n);
    await context.errantRecordReporter()?.report(bad, DataError.at(bad, new Error('not JSON')));
    expect(reported).toEqual(['9007199254740993: not JSON (topic orders, partition 0, offset 9007199254740993)']);
  });
});
