import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Headers, Schema, SinkRecord } from '@sinkkit/core';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { jsonLines, sink } from './support.js';

const run = promisify(execFile);

/*
 * Confluent's headers file (kafka-connect-storage-cloud RecordViews.HeaderRecordView): an array
 * of the unnamed struct {key: STRING, value: STRING}, which AvroData names
 * io.confluent.connect.avro.ConnectDefault; not wrapped for Avro (AvroRecordWriterProvider
 * passes enveloped=false), wrapped as {"headers": [...]} for JSON (JsonRecordWriterProvider).
 */
const CONFLUENT_HEADERS = {
  type: 'array',
  items: {
    type: 'record',
    name: 'ConnectDefault',
    namespace: 'io.confluent.connect.avro',
    fields: [
      { name: 'key', type: 'string' },
      { name: 'value', type: 'string' },
    ],
  },
};

const HEADER = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});

/** The writer schema text of an Avro container file, as stored in its header. */
function schemaText(bytes: Uint8Array): string {
  const header = HEADER.decode(Buffer.from(bytes), 0).value as { meta: Record<string, Buffer> };
  return String(header.meta['avro.schema']);
}

const READ = `
import sys, json, avro.datafile, avro.io
with open(sys.argv[1], "rb") as f:
    with avro.datafile.DataFileReader(f, avro.io.DatumReader()) as r:
        print(json.dumps(list(r)))
`;

function records(withNullValue: boolean): SinkRecord[] {
  return Array.from({ length: 4 }, (_, n) => {
    const headers = new Headers();
    headers.add('trace', `t-${n}`, Schema.STRING_SCHEMA);
    if (n === 2) headers.add('n', n, Schema.INT32_SCHEMA);
    if (withNullValue && n === 3) headers.add('empty', null, Schema.OPTIONAL_STRING_SCHEMA);
    return new SinkRecord({ topic: 'h', kafkaPartition: 0, kafkaOffset: n, value: { n }, headers });
  });
}

const PROPS = {
  'format.class': 'json',
  'store.kafka.headers': 'true',
  'flush.size': '4',
};

describe('headers companion files have the layout of Confluent S3 sink', () => {
  it('Avro: Confluent schema (a ConnectDefault record of key and value strings) but for an optional value; Apache Avro for Python reads it', async () => {
    const { root, files } = await sink({ ...PROPS, 'headers.format.class': 'avro' }, records(false), 4);
    const key = 'topics/h/partition=0/h+0+0000000000.headers.avro';
    const text = schemaText(files.get(key) as Uint8Array);
    const optionalValue = structuredClone(CONFLUENT_HEADERS);
    optionalValue.items.fields[1] = { name: 'value', type: ['null', 'string'], default: null } as never;
    expect(text).toBe(JSON.stringify(optionalValue));
    const { stdout } = await run('/usr/bin/python3', ['-c', READ, join(root, key)]).catch(
      (error: { stderr?: string }) => {
        throw new Error(`python3-avro (scripts/setup.sh installs it) failed: ${error.stderr ?? error}`);
      },
    );
    expect(JSON.parse(stdout)).toEqual([
      [{ key: 'trace', value: 't-0' }],
      [{ key: 'trace', value: 't-1' }],
      [
        { key: 'trace', value: 't-2' },
        { key: 'n', value: '2' },
      ],
      [{ key: 'trace', value: 't-3' }],
    ]);
  });

  it('a header without a value is written with a null value, where Confluent sink fails the task', async () => {
    const { files } = await sink({ ...PROPS, 'headers.format.class': 'avro' }, records(true), 4);
    expect(files.has('topics/h/partition=0/h+0+0000000000.headers.avro')).toBe(true);
    const json = await sink({ ...PROPS, 'headers.format.class': 'json' }, records(true), 4);
    const lines = jsonLines(json.files.get('topics/h/partition=0/h+0+0000000000.headers.json') as Uint8Array);
    expect(lines[3]).toEqual({
      headers: [
        { key: 'trace', value: 't-3' },
        { key: 'empty', value: null },
      ],
    });
  });

  it('JSON: each line is {"headers": [...]}, as Confluent JSON format writes a headers file', async () => {
    const { files } = await sink({ ...PROPS, 'headers.format.class': 'json' }, records(false), 4);
    const lines = jsonLines(files.get('topics/h/partition=0/h+0+0000000000.headers.json') as Uint8Array);
    expect(lines[2]).toEqual({
      headers: [
        { key: 'trace', value: 't-2' },
        { key: 'n', value: '2' },
      ],
    });
  });
});
