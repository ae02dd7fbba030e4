import {
  DataError,
  Decimal,
  DecimalSchema,
  Headers,
  isRetriable,
  LogicalNames,
  Schema,
  SchemaBuilder,
  Struct,
  TimestampSchema,
} from '@sinkkit/core';
import { type SchemaRegistryDouble, startSchemaRegistry } from '@sinkkit/testkit';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AvroConverter, writeWireHeader } from '../../src/index.js';

const TOPIC = 'orders';
const headers = new Headers();
let registry: SchemaRegistryDouble;

beforeAll(async () => {
  registry = await startSchemaRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

function converter(extra: Record<string, string> = {}, isKey = false): AvroConverter {
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': registry.url, ...extra }, isKey);
  return c;
}

// What a Confluent producer writes: magic byte, schema id, Avro binary (encoded here by avsc).
function frame(id: number, schema: object, value: unknown): Buffer {
  const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true });
  return Buffer.concat([writeWireHeader(id), type.toBuffer(value)]);
}

async function fails(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example',
  doc: 'An order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'qty', type: 'int', default: 1 },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    {
      name: 'fixedPrice',
      type: { type: 'fixed', name: 'Money', size: 8, logicalType: 'decimal', precision: 18, scale: 4 },
    },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'tm', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'tmu', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'atMicros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: ['null', 'double'] } },
    {
      name: 'choice',
      type: ['null', 'string', 'int', { type: 'record', name: 'Ref', fields: [{ name: 'to', type: 'string' }] }],
    },
    { name: 'payload', type: 'bytes' },
    { name: 'ok', type: 'boolean' },
    { name: 'ratio', type: 'float' },
  ],
};

const big = Buffer.alloc(256 * 1024, 7);
const ORDER_VALUE = {
  id: 9007199254740993n,
  note: { string: 'ünïcödé ✓' },
  qty: 3,
  price: Buffer.from([0x30, 0x39]), // 12345 → 123.45
  fixedPrice: Buffer.from([0, 0, 0, 0, 0, 0, 0x30, 0x39]), // 1.2345
  day: 19782,
  tm: 3_600_000,
  tmu: 3_600_000_123n,
  at: 1_700_000_000_123n,
  atMicros: 1_700_000_000_123_456n,
  status: 'PAID',
  hash: Buffer.from([1, 2, 3, 4]),
  tags: ['a', ''],
  attrs: { x: { double: 1.5 }, y: null },
  choice: { 'com.example.Ref': { to: 'elsewhere' } },
  payload: big,
  ok: true,
  ratio: 0.5,
};

function encodeOrder(id: number): Buffer {
  const type = avro.Type.forSchema(ORDER as avro.Schema, {
    wrapUnions: true,
    typeHook: (s) =>
      s === 'long' || (typeof s === 'object' && (s as { type?: unknown }).type === 'long')
        ? avro.types.LongType.__with({
            fromBuffer: (b: Buffer) => b.readBigInt64LE(),
            toBuffer: (n: bigint) => {
              const b = Buffer.alloc(8);
              b.writeBigInt64LE(n);
              return b;
            },
            fromJSON: BigInt,
            toJSON: Number,
            isValid: (n: unknown) => typeof n === 'bigint',
            compare: () => 0,
          })
        : undefined,
  });
  return Buffer.concat([writeWireHeader(id), type.toBuffer(ORDER_VALUE)]);
}

describe('AvroConverter reads the Schema Registry wire format', () => {
  it('maps a record with every Avro type to Connect (Confluent AvroData conventions)', async () => {
    const id = registry.register(`${TOPIC}-value`, ORDER);
    const out = await converter().toConnectData(TOPIC, headers, encodeOrder(id));
    const schema = out.schema as Schema;
    const s = out.value as Struct;
    expect(schema.name).toBe('com.example.Order');
    // AvroData keeps an Avro record's own doc as a parameter; the Connect doc is connect.doc.
    expect(schema.doc).toBeNull();
    expect(schema.parameters?.['io.confluent.connect.avro.record.doc']).toBe('An order');
    expect(s.getInt64('id')).toBe(9007199254740993n);
    expect(schema.field('note')?.schema.optional).toBe(true);
    expect(s.get('note')).toBe('ünïcödé ✓');
    expect(schema.field('qty')?.schema.defaultValue).toBe(1);
    expect(s.get('qty')).toBe(3);
    expect(schema.field('price')?.schema.name).toBe(LogicalNames.DECIMAL);
    expect(schema.field('price')?.schema.parameters).toMatchObject({ scale: '2', 'connect.decimal.precision': '10' });
    expect(s.get('price')).toEqual(new Decimal(12345n, 2));
    expect(s.get('fixedPrice')).toEqual(new Decimal(12345n, 4));
    expect(s.get('day')).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(s.get('tm')).toEqual(new Date(3_600_000));
    expect(schema.field('tmu')?.schema.type).toBe('INT64');
    expect(s.get('tmu')).toBe(3_600_000_123n);
    expect(schema.field('at')?.schema.equals(TimestampSchema.SCHEMA)).toBe(true);
    expect(s.get('at')).toEqual(new Date(1_700_000_000_123));
    expect(s.get('atMicros')).toBe(1_700_000_000_123_456n);
    expect(schema.field('status')?.schema.parameters).toEqual({
      'io.confluent.connect.avro.Enum': 'com.example.Status',
      'io.confluent.connect.avro.Enum.NEW': 'NEW',
      'io.confluent.connect.avro.Enum.PAID': 'PAID',
    });
    expect(s.get('status')).toBe('PAID');
    expect(schema.field('hash')?.schema.parameters).toEqual({ 'connect.fixed.size': '4' });
    expect(s.get('hash')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(s.get('tags')).toEqual(['a', '']);
    expect(s.get('attrs')).toEqual(
      new Map([
        ['x', 1.5],
        ['y', null],
      ]),
    );
    const choice = s.getStruct('choice') as Struct;
    expect(choice.schema.name).toBe('io.confluent.connect.avro.Union');
    expect(choice.schema.optional).toBe(true);
    expect(choice.schema.fields.map((f) => f.name)).toEqual(['string', 'int', 'Ref']);
    expect((choice.get('Ref') as Struct).get('to')).toBe('elsewhere');
    expect(Buffer.from(s.get('payload') as Uint8Array).equals(big)).toBe(true);
    expect(s.get('ok')).toBe(true);
    expect(s.get('ratio')).toBe(0.5);
  });

  it('looks each schema id up once, then converts synchronously', async () => {
    const id = registry.register('cache-value', { type: 'string' });
    const c = converter();
    const before = registry.requests.length;
    expect(await c.toConnectData(TOPIC, headers, frame(id, { type: 'string' }, 'one'))).toEqual({
      schema: Schema.STRING_SCHEMA,
      value: 'one',
    });
    const second = c.toConnectData(TOPIC, headers, frame(id, { type: 'string' }, ''));
    expect(second).not.toBeInstanceOf(Promise);
    expect((second as { value: unknown }).value).toBe('');
    // The schema and its version under the topic's subject (which does not hold it: no version).
    expect(registry.requests.slice(before)).toEqual([`GET /schemas/ids/${id}`, `POST /subjects/${TOPIC}-value`]);
  });

  it("gives the Connect schema the registry version under the topic's subject, unless it declares connect.version", async () => {
    const v1 = { type: 'record', name: 'Evolving', fields: [{ name: 'a', type: 'int' }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: 'string', default: '' }] };
    const pinned = { ...v1, name: 'Pinned', 'connect.version': 7 };
    const id1 = registry.register('evolving-value', v1);
    const id2 = registry.register('evolving-value', v2);
    const idPinned = registry.register('evolving-value', pinned);
    const c = converter();
    const version = async (id: number, schema: object, value: object) =>
      ((await c.toConnectData('evolving', headers, frame(id, schema, value))).schema as Schema).version;
    expect(await version(id1, v1, { a: 1 })).toBe(1);
    expect(await version(id2, v2, { a: 1, b: 'x' })).toBe(2);
    expect(await version(idPinned, pinned, { a: 1 })).toBe(7);
    // Another topic whose subject does not hold the schema: no version, as Confluent's converter.
    expect(
      ((await c.toConnectData('elsewhere', headers, frame(id2, v2, { a: 1, b: 'x' }))).schema as Schema).version,
    ).toBeNull();
  });

  it('a null (tombstone) is the null value without a registry call', () => {
    expect(converter().toConnectData(TOPIC, headers, null)).toEqual({ schema: null, value: null });
  });
});

describe('AvroConverter writes and registers with each subject name strategy', () => {
  const payment = (version?: number) => {
    const b = SchemaBuilder.struct().name('com.example.Payment');
    if (version !== undefined) b.version(version);
    const s = b
      .field('amount', DecimalSchema.builder(2).build())
      .field('at', TimestampSchema.SCHEMA)
      .field('memo', Schema.OPTIONAL_STRING_SCHEMA)
      .field('n', Schema.INT16_SCHEMA)
      .build();
    return new Struct(s).put('amount', new Decimal(-1999n, 2)).put('at', new Date(1_700_000_000_000)).put('n', -3);
  };
  const value = payment();
  const schema = value.schema;

  it.each([
    ['TopicNameStrategy', 'io.confluent.kafka.serializers.subject.TopicNameStrategy', 'payments-value'],
    ['RecordNameStrategy', 'io.confluent.kafka.serializers.subject.RecordNameStrategy', 'com.example.Payment'],
    [
      'TopicRecordNameStrategy',
      'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy',
      'payments-com.example.Payment',
    ],
  ])('%s', async (_name, className, subject) => {
    const c = converter({ 'value.subject.name.strategy': className });
    const bytes = (await c.fromConnectData('payments', headers, schema, value)) as Uint8Array;
    expect(bytes[0]).toBe(0);
    const latest = await fetch(`${registry.url}/subjects/${subject}/versions/latest`).then(
      (r) => r.json() as Promise<{ id: number; version: number }>,
    );
    expect(Buffer.from(bytes).readInt32BE(1)).toBe(latest.id);
    const back = await converter().toConnectData('payments', headers, bytes);
    // Read back with the version the registry gave it under the reading subject.
    expect((back.value as Struct).equals(payment(latest.version))).toBe(true);
    expect(back.schema?.field('n')?.schema.type).toBe('INT16');
  });

  it('keys use <topic>-key; auto.register.schemas=false looks the schema up', async () => {
    const keyed = converter({}, true);
    await keyed.fromConnectData('payments', headers, Schema.STRING_SCHEMA, 'k1');
    const subjects = await fetch(`${registry.url}/subjects`).then((r) => r.json());
    expect(subjects).toContain('payments-key');
    const lookupOnly = converter({ 'auto.register.schemas': 'false' }, true);
    const bytes = (await lookupOnly.fromConnectData('payments', headers, Schema.STRING_SCHEMA, 'k2')) as Uint8Array;
    expect((await converter().toConnectData('payments', headers, bytes)).value).toBe('k2');
    const missing = await fails(() => lookupOnly.fromConnectData('unregistered', headers, Schema.STRING_SCHEMA, 'x'));
    expect(missing).toBeInstanceOf(DataError);
    expect(missing.message).toContain('40401');
  });
});

describe('AvroConverter with basic auth', () => {
  let secured: SchemaRegistryDouble;
  beforeAll(async () => {
    secured = await startSchemaRegistry({ userInfo: 'reader:s3cr3t-pa55' });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('right credentials (USER_INFO) work', async () => {
    const id = secured.register('t-value', { type: 'int' });
    const c = new AvroConverter();
    c.configure({
      'schema.registry.url': secured.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': 'reader:s3cr3t-pa55',
    });
    expect((await c.toConnectData('t', headers, frame(id, { type: 'int' }, 5))).value).toBe(5);
  });

  it('wrong credentials fail without the password in the error or the config', async () => {
    const id = secured.register('t-value', { type: 'int' });
    const c = new AvroConverter();
    const props = {
      'schema.registry.url': secured.url,
      'basic.auth.credentials.source': 'USER_INFO',
      'basic.auth.user.info': 'reader:wrong-pa55word',
    };
    c.configure(props);
    const error = await fails(() => c.toConnectData('t', headers, frame(id, { type: 'int' }, 5)));
    expect((error as { code?: string }).code).toBe('REGISTRY_UNAUTHORIZED');
    expect(isRetriable(error)).toBe(false);
    const shown = `${error.message} ${String(error.stack)} ${JSON.stringify(c.config().redact(props))}`;
    expect(shown).not.toContain('wrong-pa55word');
    expect(shown).not.toContain('s3cr3t-pa55');
    expect(c.config().parse(props).toString()).toContain('basic.auth.user.info = [hidden]');
  });
});

describe('AvroConverter rejects bad input with a DataError naming the topic', () => {
  it('wrong magic byte', async () => {
    const error = await fails(() => converter().toConnectData(TOPIC, headers, Buffer.from('{"not":"avro"}')));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe(
      `Unknown magic byte! The data is not in the Schema Registry wire format (magic byte 0) (topic ${TOPIC})`,
    );
  });

  it('unknown schema id (registry 404 / 40403): not retriable', async () => {
    const error = await fails(() => converter().toConnectData(TOPIC, headers, frame(99_999, { type: 'string' }, 'x')));
    expect(error).toBeInstanceOf(DataError);
    expect(isRetriable(error)).toBe(false);
    expect((error as DataError).code).toBe('SCHEMA_NOT_FOUND');
    expect(error.message).toContain('40403');
    expect((error as DataError).topic).toBe(TOPIC);
  });

  it('truncated Avro and trailing bytes', async () => {
    const id = registry.register(`${TOPIC}-value`, ORDER);
    const full = encodeOrder(id);
    const truncated = await fails(() => converter().toConnectData(TOPIC, headers, full.subarray(0, full.length - 10)));
    expect(truncated).toBeInstanceOf(DataError);
    expect(truncated.message).toContain(`truncated`);
    expect(truncated.message).toContain(`(topic ${TOPIC})`);
    const header = await fails(() => converter().toConnectData(TOPIC, headers, Buffer.from([0, 0, 1])));
    expect(header.message).toContain('too short');
    const trailing = await fails(() =>
      converter().toConnectData(TOPIC, headers, Buffer.concat([full, Buffer.from([1])])),
    );
    expect(trailing.message).toContain('1 bytes after the value');
  });

  it('registry 5xx: retried, then a RetriableError', async () => {
    const id = registry.register('flaky-value', { type: 'boolean' });
    registry.failNext(1);
    expect((await converter().toConnectData(TOPIC, headers, frame(id, { type: 'boolean' }, true))).value).toBe(true);
    const other = registry.register('flaky-value', { type: 'double' });
    registry.failNext(10);
    const error = await fails(() => converter().toConnectData(TOPIC, headers, frame(other, { type: 'double' }, 1.5)));
    registry.failNext(0);
    expect(isRetriable(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toContain('50001');
  });

  it('registry unreachable: a RetriableError', async () => {
    const down = await startSchemaRegistry();
    await down.stop();
    const c = new AvroConverter();
    c.configure({ 'schema.registry.url': down.url });
    const error = await fails(() => c.toConnectData(TOPIC, headers, frame(1, { type: 'string' }, 'x')));
    expect(isRetriable(error)).toBe(true);
    expect(error.message).toContain('unreachable');
  });
});
