import {
  DataError,
  DateSchema,
  Decimal,
  DecimalSchema,
  Schema,
  SchemaBuilder,
  Struct,
  TimestampSchema,
} from '@sinkkit/core';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { avroTypeOptions, compileAvroToConnect, compileConnectToAvro } from '../../src/index.js';

const ENUM = 'io.confluent.connect.avro.Enum';

const address = () =>
  SchemaBuilder.struct()
    .name('com.example.Address')
    .version(2)
    .doc('A postal address')
    .field('street', Schema.STRING_SCHEMA)
    .field('zip', SchemaBuilder.string().optional().defaultValue('0000').build());

const ORDER = SchemaBuilder.struct()
  .name('com.example.Order')
  .version(3)
  .doc('An order')
  .parameter('io.confluent.connect.avro.record.doc', 'Avro doc of Order')
  .parameter('io.confluent.connect.avro.field.doc.id', 'the order id')
  .parameter('owner', 'sales')
  .field('id', Schema.INT64_SCHEMA)
  .field('tiny', Schema.INT8_SCHEMA)
  .field('small', SchemaBuilder.int16().defaultValue(7).build())
  .field('price', DecimalSchema.builder(2).parameter('connect.decimal.precision', '10').build())
  .field('day', DateSchema.SCHEMA)
  .field('at', TimestampSchema.builder().optional().build())
  .field('note', SchemaBuilder.string().doc('free text').optional().build())
  .field(
    'status',
    SchemaBuilder.string()
      .name('com.example.Status')
      .parameter(ENUM, 'com.example.Status')
      .parameter(`${ENUM}.NEW`, 'NEW')
      .parameter(`${ENUM}.PAID`, 'PAID')
      .build(),
  )
  .field('address', address().build())
  .field('billing', address().optional().build())
  .field('extra', SchemaBuilder.struct().field('n', Schema.INT32_SCHEMA).build())
  .field('more', SchemaBuilder.struct().field('m', Schema.BOOLEAN_SCHEMA).build())
  .field('counts', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
  .field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
  .build();

/*
 * What Confluent's AvroData (confluentinc/schema-registry avro-data/.../AvroData.java,
 * fromConnectSchema, with the storage connectors' enhanced.avro.schema.support=true and
 * connect.meta.data=true) produces for ORDER, written out by Avro Java's Schema.toString. Derived
 * by reading that code, rule by rule:
 * - every non-union type gets, in this order, connect.doc, connect.version, connect.parameters
 *   (all parameters, the record/field doc ones included), connect.default, connect.name and, for
 *   INT8 / INT16, connect.type; the record's Avro doc is its io.confluent.connect.avro.record.doc
 *   parameter, a field's doc its io.confluent.connect.avro.field.doc.<name> parameter;
 * - Decimal: bytes with scale and precision added first (precision from
 *   connect.decimal.precision, 64 without), then the metadata, then logicalType; Date and
 *   Timestamp: the metadata, then logicalType;
 * - optional X: ["null", X] with field default null; with a Connect default: [X, "null"] and
 *   that default (maybeMakeOptional); an optional struct: always ["null", record];
 * - a required schema converted once is reused (schemaMap), so billing, the optional
 *   Address, refers to the record defined for address, by its simple name inside com.example;
 * - unnamed structs: io.confluent.connect.avro.ConnectDefault, then ConnectDefault2
 *   (getNameOrDefault's counter);
 * - a map with INT32 keys: an array of io.confluent.connect.avro.MapEntry {key, value};
 * - a string with io.confluent.connect.avro.Enum parameters: an enum of that name;
 * - Avro Java writes a namespace only where it differs from the enclosing one, and a record's
 *   props after its fields.
 */
const CONFLUENT = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example',
  doc: 'Avro doc of Order',
  fields: [
    { name: 'id', type: 'long', doc: 'the order id' },
    { name: 'tiny', type: { type: 'int', 'connect.type': 'int8' } },
    { name: 'small', type: { type: 'int', 'connect.default': 7, 'connect.type': 'int16' }, default: 7 },
    {
      name: 'price',
      type: {
        type: 'bytes',
        scale: 2,
        precision: 10,
        'connect.version': 1,
        'connect.parameters': { scale: '2', 'connect.decimal.precision': '10' },
        'connect.name': 'org.apache.kafka.connect.data.Decimal',
        logicalType: 'decimal',
      },
    },
    {
      name: 'day',
      type: {
        type: 'int',
        'connect.version': 1,
        'connect.name': 'org.apache.kafka.connect.data.Date',
        logicalType: 'date',
      },
    },
    {
      name: 'at',
      type: [
        'null',
        {
          type: 'long',
          'connect.version': 1,
          'connect.name': 'org.apache.kafka.connect.data.Timestamp',
          logicalType: 'timestamp-millis',
        },
      ],
      default: null,
    },
    { name: 'note', type: ['null', { type: 'string', 'connect.doc': 'free text' }], default: null },
    {
      name: 'status',
      type: {
        type: 'enum',
        name: 'Status',
        symbols: ['NEW', 'PAID'],
        'connect.parameters': {
          [ENUM]: 'com.example.Status',
          [`${ENUM}.NEW`]: 'NEW',
          [`${ENUM}.PAID`]: 'PAID',
        },
        'connect.name': 'com.example.Status',
      },
    },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'street', type: 'string' },
          { name: 'zip', type: [{ type: 'string', 'connect.default': '0000' }, 'null'], default: '0000' },
        ],
        'connect.doc': 'A postal address',
        'connect.version': 2,
        'connect.name': 'com.example.Address',
      },
    },
    { name: 'billing', type: ['null', 'Address'], default: null },
    {
      name: 'extra',
      type: {
        type: 'record',
        name: 'ConnectDefault',
        namespace: 'io.confluent.connect.avro',
        fields: [{ name: 'n', type: 'int' }],
      },
    },
    {
      name: 'more',
      type: {
        type: 'record',
        name: 'ConnectDefault2',
        namespace: 'io.confluent.connect.avro',
        fields: [{ name: 'm', type: 'boolean' }],
      },
    },
    {
      name: 'counts',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'MapEntry',
          namespace: 'io.confluent.connect.avro',
          fields: [
            { name: 'key', type: 'int' },
            { name: 'value', type: 'string' },
          ],
        },
      },
    },
    { name: 'tags', type: ['null', { type: 'array', items: 'string' }], default: null },
  ],
  'connect.doc': 'An order',
  'connect.version': 3,
  'connect.parameters': {
    'io.confluent.connect.avro.record.doc': 'Avro doc of Order',
    'io.confluent.connect.avro.field.doc.id': 'the order id',
    owner: 'sales',
  },
  'connect.name': 'com.example.Order',
};

function roundTrip(schema: Schema, value: Struct): Struct {
  const plan = compileConnectToAvro(schema);
  const type = avro.Type.forSchema(plan.avro as avro.Schema, avroTypeOptions());
  const bytes = type.toBuffer(plan.write(value));
  const read = compileAvroToConnect(JSON.parse(plan.text));
  return read.read(type.fromBuffer(bytes)) as Struct;
}

describe('Connect schema → Avro schema, as Confluent AvroData writes it', () => {
  it('writes the schema text AvroData produces for a representative Connect schema, byte for byte', () => {
    expect(compileConnectToAvro(ORDER).text).toBe(JSON.stringify(CONFLUENT));
  });

  it('reads connect.name, connect.version, connect.doc and the docs back into the same Connect schema', () => {
    const schema = compileAvroToConnect(CONFLUENT as never).schema;
    expect(schema.name).toBe('com.example.Order');
    expect(schema.version).toBe(3);
    expect(schema.doc).toBe('An order');
    expect(schema.parameters).toEqual(ORDER.parameters);
    expect(schema.field('billing')?.schema.name).toBe('com.example.Address');
    expect(schema.field('billing')?.schema.optional).toBe(true);
    expect(schema.field('address')?.schema.version).toBe(2);
    expect(schema.field('note')?.schema.doc).toBe('free text');
    expect(schema.field('tiny')?.schema.type).toBe('INT8');
    const counts = schema.field('counts')?.schema;
    expect([counts?.type, counts?.keySchema?.type, counts?.valueSchema?.type]).toEqual(['MAP', 'INT32', 'STRING']);
    // Written again, it is the same text.
    expect(compileConnectToAvro(schema).text).toBe(JSON.stringify(CONFLUENT));
  });

  it('an Avro field default read by the converter is written back as a field default only (AvroData flags it)', () => {
    const producer = {
      type: 'record',
      name: 'Order',
      namespace: 'com.example',
      doc: 'from a producer',
      fields: [
        { name: 'qty', type: 'int', default: 1, doc: 'how many' },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    };
    const schema = compileAvroToConnect(producer as never).schema;
    expect(schema.field('qty')?.schema.parameters).toEqual({ 'io.confluent.connect.avro.field.default': 'true' });
    expect(JSON.parse(compileConnectToAvro(schema).text)).toEqual({
      ...producer,
      'connect.parameters': {
        'io.confluent.connect.avro.record.doc': 'from a producer',
        'io.confluent.connect.avro.field.doc.qty': 'how many',
      },
      'connect.name': 'com.example.Order',
    });
  });

  it("an enum's doc and default come from AvroData's enum parameters; fixed bytes keep connect.fixed.size", () => {
    const status = SchemaBuilder.string()
      .name('com.example.Status')
      .parameter('io.confluent.connect.avro.enum.doc.Status', 'order status')
      .parameter('io.confluent.connect.avro.enum.default.Status', 'NEW')
      .parameter(ENUM, 'com.example.Status')
      .parameter(`${ENUM}.NEW`, 'NEW')
      .parameter(`${ENUM}.PAID`, 'PAID')
      .build();
    const hash = SchemaBuilder.bytes().name('com.example.Hash').parameter('connect.fixed.size', '4').build();
    const schema = SchemaBuilder.struct().name('com.example.S').field('status', status).field('hash', hash).build();
    const [statusField, hashField] = JSON.parse(compileConnectToAvro(schema).text).fields;
    // AvroData: SchemaBuilder.enumeration(name).doc(enumDoc).defaultSymbol(enumDefault), then the
    // metadata; fixed(name).namespace(ns).size(n), then the metadata.
    expect(JSON.stringify(statusField.type)).toBe(
      JSON.stringify({
        type: 'enum',
        name: 'Status',
        doc: 'order status',
        symbols: ['NEW', 'PAID'],
        default: 'NEW',
        'connect.parameters': status.parameters,
        'connect.name': 'com.example.Status',
      }),
    );
    expect(JSON.stringify(hashField.type)).toBe(
      JSON.stringify({
        type: 'fixed',
        name: 'Hash',
        size: 4,
        'connect.parameters': { 'connect.fixed.size': '4' },
        'connect.name': 'com.example.Hash',
      }),
    );
  });

  it('two different structs with one name are a DataError, as Avro Java refuses to redefine a name', () => {
    const other = SchemaBuilder.struct().name('com.example.Address').field('line', Schema.STRING_SCHEMA).build();
    const schema = SchemaBuilder.struct()
      .name('com.example.Customer')
      .field('home', address().build())
      .field('work', other)
      .build();
    expect(() => compileConnectToAvro(schema)).toThrow(DataError);
    expect(() => compileConnectToAvro(schema)).toThrow(
      'Two different schemas are both named com.example.Address; Avro names must be unique',
    );
  });

  it('a map with non-string keys: MapEntry records, named after the map when it has a name, read back as the map', () => {
    const named = SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
      .name('com.example.Scores')
      .build();
    const schema = SchemaBuilder.struct()
      .name('com.example.Board')
      .field('byId', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).build())
      .field('again', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).optional().build())
      .field('scores', named)
      .field('names', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build())
      .build();
    const text = JSON.parse(compileConnectToAvro(schema).text);
    // A second, different unnamed entry record: where AvroData fails ("Can't redefine"), MapEntry2,
    // marked as a MapEntry so Connect readers (AvroData's isMapEntry) still read a map.
    expect(text.fields[3].type.items).toEqual({
      type: 'record',
      name: 'MapEntry2',
      namespace: 'io.confluent.connect.avro',
      fields: [
        { name: 'key', type: 'int' },
        { name: 'value', type: 'string' },
      ],
      'connect.internal.type': 'MapEntry',
    });
    expect(text.fields[1].type).toEqual(['null', { type: 'array', items: 'io.confluent.connect.avro.MapEntry' }]);
    expect(text.fields[2].type).toEqual({
      type: 'array',
      items: {
        type: 'record',
        name: 'Scores',
        fields: [
          { name: 'key', type: 'long' },
          { name: 'value', type: ['null', 'string'], default: null },
        ],
        'connect.internal.type': 'MapEntry',
      },
      'connect.name': 'com.example.Scores',
    });
    const value = new Struct(schema)
      .put(
        'byId',
        new Map([
          [1, 0.5],
          [-2, 3],
        ]),
      )
      .put(
        'scores',
        new Map<bigint, string | null>([
          [9007199254740993n, 'x'],
          [0n, null],
        ]),
      );
    value.put('names', new Map([[3, 'three']]));
    const read = roundTrip(schema, value);
    expect(read.get('names')).toEqual(new Map([[3, 'three']]));
    expect(read.get('byId')).toEqual(value.get('byId'));
    expect(read.get('again')).toBeNull();
    expect(read.get('scores')).toEqual(value.get('scores'));
  });

  it('a named record used required, optional, in an array and in a map is defined once and referenced after', () => {
    const item = SchemaBuilder.struct().name('com.example.Item').field('sku', Schema.STRING_SCHEMA);
    const required = item.build();
    const schema = SchemaBuilder.struct()
      .name('com.example.Basket')
      .field('first', required)
      .field('maybe', item.optional().build())
      .field('all', SchemaBuilder.array(required).build())
      .field('bySku', SchemaBuilder.map(Schema.STRING_SCHEMA, required).build())
      .field('byPos', SchemaBuilder.map(Schema.INT32_SCHEMA, required).build())
      .build();
    const text = JSON.parse(compileConnectToAvro(schema).text);
    expect(text.fields.map((f: { type: unknown }) => f.type)).toEqual([
      {
        type: 'record',
        name: 'Item',
        fields: [{ name: 'sku', type: 'string' }],
        'connect.name': 'com.example.Item',
      },
      ['null', 'Item'],
      { type: 'array', items: 'Item' },
      { type: 'map', values: 'Item' },
      {
        type: 'array',
        items: {
          type: 'record',
          name: 'MapEntry',
          namespace: 'io.confluent.connect.avro',
          fields: [
            { name: 'key', type: 'int' },
            { name: 'value', type: 'com.example.Item' },
          ],
        },
      },
    ]);
    const one = (sku: string) => new Struct(required).put('sku', sku);
    const value = new Struct(schema)
      .put('first', one('a'))
      .put('maybe', new Struct(schema.field('maybe')?.schema as Schema).put('sku', 'b'))
      .put('all', [one('c'), one('d')])
      .put('bySku', new Map([['e', one('e')]]))
      .put('byPos', new Map([[7, one('f')]]));
    const read = roundTrip(schema, value);
    expect((read.get('maybe') as Struct).get('sku')).toBe('b');
    expect((read.get('all') as Struct[]).map((s) => s.get('sku'))).toEqual(['c', 'd']);
    expect(((read.get('byPos') as Map<number, Struct>).get(7) as Struct).get('sku')).toBe('f');
  });

  it('unions Avro cannot hold are DataErrors: no branch, or two branches of one type', () => {
    const empty = SchemaBuilder.struct().name('io.confluent.connect.avro.Union').build();
    const twice = SchemaBuilder.struct()
      .name('io.confluent.connect.avro.Union')
      .field('a', Schema.OPTIONAL_STRING_SCHEMA)
      .field('b', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    for (const [union, why] of [
      [empty, /needs at least one branch/],
      [twice, /two union branches are both string/],
    ] as const) {
      const schema = SchemaBuilder.struct().name('E').field('u', union).build();
      const error = (() => {
        try {
          compileConnectToAvro(schema);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('AVRO_UNREPRESENTABLE');
      expect(String(error)).toMatch(why);
    }
  });

  it('a decimal default is its unscaled bytes as ISO-8859-1 text, in the field default and connect.default', () => {
    const dec = DecimalSchema.builder(2).defaultValue(new Decimal(-1n, 2)).build();
    const text = JSON.parse(compileConnectToAvro(SchemaBuilder.struct().name('P').field('d', dec).build()).text);
    expect(text.fields[0].default).toBe('\u00ff');
    expect(text.fields[0].type['connect.default']).toBe('\u00ff');
  });
});
