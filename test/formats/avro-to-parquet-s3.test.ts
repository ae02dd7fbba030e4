import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DuckDBInstance } from '@duckdb/node-api';
import { formatReport } from '@sinkkit/cli';
import { avroTypeOptions, writeWireHeader } from '@sinkkit/converters';
import { ConnectorRunner, silentLogger } from '@sinkkit/runtime';
import { S3Storage } from '@sinkkit/storage-s3';
import { StorageSinkConnector } from '@sinkkit/storage-sink';
import {
  type FaultProxy,
  mockClusterConsumerConfig,
  S3RVER_CREDENTIALS,
  type SchemaRegistryDouble,
  s3ClientConfig,
  startFaultProxy,
  startProcess,
  startSchemaRegistry,
  useTestEnvironment,
} from '@sinkkit/testkit';
import avro from 'avsc';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, waitUntilCommitted } from '../exactly-once/support/crash-loop.js';

// Avro records in the Confluent wire format (registered in the test kit's Schema Registry
// double) → AvroConverter → the exactly-once storage sink → Parquet (snappy) on S3 (s3rver behind
// the create-only proxy, so the fenced commit protocol runs), read back by DuckDB and compared
// value for value with what was produced; then `sinkkit verify` audits the bucket.
const TOPIC = 'orders-avro';
const BUCKET = 'lake';
const PARTITIONS = 3;
const RECORDS = 3_000;
const FLUSH_SIZE = 250; // 1 000 records per partition: 4 files each

const ORDER = {
  type: 'record',
  name: 'Order',
  namespace: 'com.example',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'placedAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'payload', type: 'bytes' },
    { name: 'quantity', type: 'int' },
    { name: 'ratio', type: ['null', 'double'], default: null },
    { name: 'paid', type: 'boolean' },
    {
      name: 'address',
      type: {
        type: 'record',
        name: 'Address',
        fields: [
          { name: 'street', type: 'string' },
          { name: 'zip', type: ['null', 'int'], default: null },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attributes', type: { type: 'map', values: 'long' } },
  ],
} as const;

/** What was produced for record `id`, in plain values to compare with DuckDB's. */
interface Order {
  id: bigint;
  customer: string;
  note: string | null;
  amountCents: bigint;
  placedAt: number;
  day: number;
  payload: Buffer;
  quantity: number;
  ratio: number | null;
  paid: boolean;
  address: { street: string; zip: number | null };
  tags: string[];
  attributes: Record<string, bigint>;
}

const NAMES = ['Zoë Ångström', '山田太郎', 'Ελένη', '', 'O\'Brien, "Jr."', '🚀 rocket', 'line\nbreak'];
const BIG = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 131) % 256));

function order(i: number): Order {
  return {
    id: BigInt(i) * 1_000_000_007n,
    customer: `${NAMES[i % NAMES.length]}#${i}`,
    note: i % 4 === 0 ? null : (['', 'gift wrap', 'café ☕', 'ü'.repeat(i % 50)][i % 4] as string),
    // Negative, zero, and more digits than a double holds exactly.
    amountCents: i % 10 === 0 ? -BigInt(i) * 101n : i % 10 === 1 ? 0n : 9_999_999_999n - BigInt(i),
    placedAt: Date.UTC(2026, 0, 1) + i * 61_001,
    day: 20_000 + (i % 400) - 200,
    payload: i === 7 ? BIG : i % 5 === 0 ? Buffer.alloc(0) : Buffer.from([i % 256, 0, 255, (i * 7) % 256]),
    quantity: i % 2 === 0 ? -(2 ** 31) + i : 2 ** 31 - 1 - i,
    ratio: i % 3 === 0 ? null : i / 7,
    paid: i % 2 === 1,
    address: { street: `${i} Rue de l'Église`, zip: i % 6 === 0 ? null : 10_000 + i },
    tags: Array.from({ length: i % 4 }, (_, k) => `t${k}-${NAMES[(i + k) % NAMES.length]}`),
    attributes: i % 5 === 0 ? {} : { clicks: BigInt(i), big: 2n ** 62n + BigInt(i), [`k-${i % 3}`]: -1n },
  };
}

/** The Avro value avsc encodes for `o` (unions wrapped, decimal as two's-complement bytes). */
function avroValue(o: Order): Record<string, unknown> {
  return {
    id: o.id,
    customer: o.customer,
    note: o.note === null ? null : { string: o.note },
    amount: twosComplement(o.amountCents),
    placedAt: BigInt(o.placedAt),
    day: o.day,
    payload: o.payload,
    quantity: o.quantity,
    ratio: o.ratio === null ? null : { double: o.ratio },
    paid: o.paid,
    address: { street: o.address.street, zip: o.address.zip === null ? null : { int: o.address.zip } },
    tags: o.tags,
    attributes: o.attributes,
  };
}

function twosComplement(n: bigint): Buffer {
  let bytes = 1;
  while (n >= 1n << BigInt(8 * bytes - 1) || n < -(1n << BigInt(8 * bytes - 1))) bytes++;
  const out = Buffer.alloc(bytes);
  let v = BigInt.asUintN(8 * bytes, n);
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const SINKKIT = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const env = useTestEnvironment(
  { kafka: { topics: [{ name: TOPIC, partitions: PARTITIONS }] }, s3: { buckets: [BUCKET] } },
  { beforeAll, afterAll },
);
const dir = mkdtempSync(join(tmpdir(), 'sinkkit-avro-parquet-'));
let registry: SchemaRegistryDouble;
let proxy: FaultProxy;
let client: S3Client;
beforeAll(async () => {
  registry = await startSchemaRegistry();
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
  client = new S3Client(s3ClientConfig(env.current.s3));
});
afterAll(async () => {
  client?.destroy();
  await proxy?.stop();
  await registry?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Produces every order in the Confluent wire format; returns each partition's next offset. */
async function produceOrders(schemaId: number): Promise<Map<number, number>> {
  // avsc as the converter configures it: wrapped unions, longs (timestamps too) as bigint.
  const type = avro.Type.forSchema(ORDER as unknown as avro.Schema, avroTypeOptions());
  const kafka = new Kafka({ brokers: env.current.kafka.bootstrapServers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let start = 0; start < RECORDS; start += 500) {
      const messages = Array.from({ length: Math.min(500, RECORDS - start) }, (_, k) => {
        const o = order(start + k);
        return {
          key: String(start + k),
          value: Buffer.concat([writeWireHeader(schemaId), type.toBuffer(avroValue(o))]),
          partition: (start + k) % PARTITIONS,
        };
      });
      await producer.send({ topic: TOPIC, messages });
    }
  } finally {
    await producer.disconnect();
  }
  const next = new Map<number, number>();
  for (let p = 0; p < PARTITIONS; p++) next.set(p, Math.ceil((RECORDS - p) / PARTITIONS));
  return next;
}

/** Downloads every object under `prefix` into `into`, keeping the key as the relative path. */
async function download(prefix: string, into: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const { Key } of page.Contents ?? []) if (Key) keys.push(Key);
    token = page.NextContinuationToken;
  } while (token);
  for (const key of keys) {
    const body = await (
      await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    ).Body?.transformToByteArray();
    const file = join(into, key);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, body ?? new Uint8Array());
  }
  return keys;
}

describe('Avro topic → Parquet files on S3 through the exactly-once sink', () => {
  it('writes every record once, and DuckDB reads back exactly what was produced', async () => {
    const schemaId = registry.register(`${TOPIC}-value`, ORDER);
    const nextOffsets = await produceOrders(schemaId);
    const storeKeys = {
      'store.url': `s3://${BUCKET}/sink`,
      'store.url.endpoint': proxy.url,
      's3.path.style.access.enabled': 'true',
      'aws.access.key.id': S3RVER_CREDENTIALS.accessKeyId,
      'aws.secret.access.key': S3RVER_CREDENTIALS.secretAccessKey,
      's3.list.staged': 'false', // s3rver answers 501 to ListMultipartUploads
    };
    const runner = new ConnectorRunner({
      connector: new StorageSinkConnector(),
      logger: silentLogger,
      config: {
        name: 'avro-to-parquet',
        'bootstrap.servers': env.current.kafka.bootstrapServers,
        topics: TOPIC,
        'tasks.max': '1',
        'offset.flush.interval.ms': '500',
        'consumer.override.session.timeout.ms': String(mockClusterConsumerConfig.sessionTimeout),
        'consumer.override.heartbeat.interval.ms': String(mockClusterConsumerConfig.heartbeatInterval),
        'consumer.override.fetch.max.wait.ms': String(mockClusterConsumerConfig.maxWaitTimeInMs),
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': registry.url,
        'format.class': 'io.confluent.connect.s3.format.parquet.ParquetFormat',
        'parquet.codec': 'snappy',
        'parquet.row.group.rows': '100', // several row groups per file
        'flush.size': String(FLUSH_SIZE),
        ...storeKeys,
      },
    });
    // The audit reads s3rver directly, not through the proxy.
    const storage = new S3Storage({
      client,
      bucket: BUCKET,
      prefix: 'sink',
      conditionalCreate: false,
      listStaged: false,
    });
    let report: Awaited<ReturnType<typeof waitUntilCommitted>>;
    await runner.start();
    try {
      report = await waitUntilCommitted(storage, TOPIC, nextOffsets, 60_000);
      const failed = runner.status().find((s) => s.state === 'FAILED');
      expect(failed?.error?.message).toBeUndefined();
    } finally {
      await runner.stop();
    }
    expect(errorsOf(report), formatReport(report)).toEqual([]);
    expect(report.totals.records).toBe(RECORDS);

    // DuckDB's httpfs extension is not available offline: read the downloaded objects.
    const local = join(dir, 'download');
    const keys = await download(`sink/topics/${TOPIC}/`, local);
    const parquet = keys.filter((k) => k.endsWith('.parquet'));
    expect(parquet).toHaveLength(RECORDS / FLUSH_SIZE);
    expect(keys).toEqual(parquet); // nothing else under the topic: no staged or stray objects

    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    let rows: Record<string, unknown>[];
    try {
      const reader = await connection.runAndReadAll(`
        SELECT CAST(id AS VARCHAR) AS id, customer, note, CAST(amount AS VARCHAR) AS amount,
               CAST(epoch_ms(placedAt) AS BIGINT) AS placed_ms, CAST(day AS VARCHAR) AS day,
               hex(payload) AS payload, quantity, ratio, paid,
               address.street AS street, address.zip AS zip, tags,
               CAST(map_keys(attributes) AS VARCHAR[]) AS attr_keys,
               CAST(map_values(attributes) AS VARCHAR[]) AS attr_values,
               typeof(amount) AS amount_type, typeof(placedAt) AS placed_type, typeof(day) AS day_type,
               regexp_extract(filename, '/partition=(\\d+)/', 1) AS partition
        FROM read_parquet('${local}/**/*.parquet', filename = true)`);
      rows = reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
      db.closeSync();
    }

    expect(rows).toHaveLength(RECORDS);
    const seen = new Set<string>();
    for (const row of rows) {
      const i = Number(BigInt(row.id as string) / 1_000_000_007n);
      const o = order(i);
      seen.add(row.id as string);
      expect({ ...row, amount_type: undefined, placed_type: undefined, day_type: undefined }, `record ${i}`).toEqual({
        id: o.id.toString(),
        customer: o.customer,
        note: o.note,
        amount: decimalText(o.amountCents),
        placed_ms: BigInt(o.placedAt),
        day: new Date(o.day * 86_400_000).toISOString().slice(0, 10),
        payload: o.payload.toString('hex').toUpperCase(),
        quantity: o.quantity,
        ratio: o.ratio,
        paid: o.paid,
        street: o.address.street,
        zip: o.address.zip,
        tags: o.tags,
        attr_keys: Object.keys(o.attributes),
        attr_values: Object.values(o.attributes).map(String),
        amount_type: undefined,
        placed_type: undefined,
        day_type: undefined,
        partition: String(i % PARTITIONS),
      });
    }
    expect(seen.size).toBe(RECORDS);
    // Logical types arrive as such, not as their physical storage.
    expect(new Set(rows.map((r) => `${r.amount_type} ${r.placed_type} ${r.day_type}`))).toEqual(
      new Set(['DECIMAL(12,2) TIMESTAMP WITH TIME ZONE DATE']),
    );

    // The command a user runs to audit the bucket.
    const config = join(dir, 'store.properties');
    writeFileSync(
      config,
      `${Object.entries({ ...storeKeys, 'store.url.endpoint': env.current.s3.endpoint })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    const verify = startProcess('sinkkit-verify', process.execPath, [
      SINKKIT,
      'verify',
      '--config',
      config,
      '--topics',
      TOPIC,
      '--json',
    ]);
    const code = await verify.exited;
    const output = verify.output();
    expect(code, output).toBe(0);
    const json = JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1));
    expect(json).toMatchObject({
      ok: true,
      totals: { partitions: PARTITIONS, files: RECORDS / FLUSH_SIZE, records: RECORDS, errors: 0 },
    });
  }, 120_000);
});

function decimalText(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
