import {
  ConfigDef,
  ConfigError,
  type Converter,
  DataError,
  type Headers,
  NULL_SCHEMA_AND_VALUE,
  Password,
  type PluginConfigs,
  RetriableError,
  type Schema,
  type SchemaAndValue,
  SinkkitError,
} from '@sinkkit/core';
import avro from 'avsc';
import { redactUrl, SchemaRegistryClient } from '../registry/registry-client.js';
import { SUBJECT_NAME_STRATEGIES, type SubjectNameStrategy } from '../registry/subject-name-strategy.js';
import { type AvroSchema, fullName, isNamedType } from './avro-names.js';
import { type AvroReadPlan, compileAvroToConnect, connectVersion } from './avro-to-connect.js';
import { type AvroWritePlan, compileConnectToAvro } from './connect-to-avro.js';
import { readWireHeader, writeWireHeader } from './wire-format.js';

const STRATEGY_DEFAULT = 'io.confluent.kafka.serializers.subject.TopicNameStrategy';

/** The settings of {@link AvroConverter}, with Confluent's names and defaults. */
export function avroConverterConfigDef() {
  return new ConfigDef()
    .define('schema.registry.url', {
      type: 'list',
      importance: 'high',
      doc: 'Comma-separated Schema Registry URLs.',
    })
    .define('basic.auth.credentials.source', {
      type: 'enum',
      values: ['URL', 'USER_INFO'],
      default: 'URL',
      doc: 'Where basic-auth credentials come from: USER_INFO (basic.auth.user.info) or URL (user:password@ in schema.registry.url).',
    })
    .define('basic.auth.user.info', {
      type: 'password',
      default: null,
      doc: 'user:password for the registry when basic.auth.credentials.source=USER_INFO.',
    })
    .define('key.subject.name.strategy', {
      type: 'class',
      default: STRATEGY_DEFAULT,
      doc: 'How key schemas are named in the registry: TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (Confluent class names or short names).',
    })
    .define('value.subject.name.strategy', {
      type: 'class',
      default: STRATEGY_DEFAULT,
      doc: 'How value schemas are named in the registry (as key.subject.name.strategy).',
    })
    .define('auto.register.schemas', {
      type: 'boolean',
      default: true,
      doc: 'fromConnectData registers new schemas; false: looks them up and fails if absent.',
    })
    .define('use.latest.version', {
      type: 'boolean',
      default: false,
      doc: 'With auto.register.schemas=false, write with the id of the latest version of the subject.',
    });
}

// Longs as bigint so INT64 values beyond 2^53 survive (avsc's default long is a lossy number).
const LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});
/**
 * avsc options for a `Type` that reads and writes the values of `compileConnectToAvro` /
 * `compileAvroToConnect` plans: wrapped unions and longs as `bigint`. A fresh object per schema,
 * because avsc records every named type in `registry`.
 */
export const avroTypeOptions = () => ({
  registry: {},
  wrapUnions: true,
  typeHook: (s: unknown) =>
    s === 'long' || (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'long')
      ? LONG
      : undefined,
});

interface Reader {
  type: avro.Type;
  plan: AvroReadPlan;
}
interface Writer {
  type: avro.Type;
  plan: AvroWritePlan;
  text: string;
}

/**
 * Confluent's `io.confluent.connect.avro.AvroConverter`: Avro in the Schema Registry wire
 * format (magic byte 0, the 4-byte big-endian schema id, Avro binary) ⇄ Connect data.
 *
 * Reading looks the writer schema up by id once and caches it, so after the first record of
 * each schema `toConnectData` is synchronous. Writing (`fromConnectData`) registers or looks up
 * the schema under the subject `value.subject.name.strategy` names.
 *
 * A wrong magic byte, a schema id the registry does not know, or Avro bytes that do not decode
 * (truncated, trailing bytes) is a `DataError` naming the topic (the runtime adds partition and
 * offset); an unreachable or failing registry is a `RetriableError`.
 */
export class AvroConverter implements Converter {
  static readonly CLASS_NAME = 'io.confluent.connect.avro.AvroConverter';
  #client: SchemaRegistryClient | null = null;
  #isKey = false;
  #strategy: SubjectNameStrategy = SUBJECT_NAME_STRATEGIES.get(STRATEGY_DEFAULT) as SubjectNameStrategy;
  #autoRegister = true;
  #useLatest = false;
  /** topic → schema id → reader: the registry version of a schema depends on the subject. */
  readonly #readers = new Map<string, Map<number, Reader>>();
  readonly #writers = new WeakMap<Schema, Writer>();

  /** `client` replaces the one built from `schema.registry.url` (for tests and shared clients). */
  configure(configs: PluginConfigs, isKey = false, client?: SchemaRegistryClient): void {
    const config = this.config().parse(configs);
    this.#isKey = isKey;
    const strategyKey = isKey ? 'key.subject.name.strategy' : 'value.subject.name.strategy';
    const strategyName = config.get(strategyKey);
    const strategy = SUBJECT_NAME_STRATEGIES.get(strategyName);
    if (!strategy) {
      throw new ConfigError({
        key: strategyKey,
        value: strategyName,
        reason: `must be one of ${[...SUBJECT_NAME_STRATEGIES.keys()].join(', ')}`,
      });
    }
    this.#strategy = strategy;
    this.#autoRegister = config.get('auto.register.schemas');
    this.#useLatest = config.get('use.latest.version');
    this.#client =
      client ??
      createClient(
        config.get('schema.registry.url'),
        config.get('basic.auth.credentials.source'),
        config.get('basic.auth.user.info'),
      );
  }

  toConnectData(topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue | Promise<SchemaAndValue> {
    if (value === null) return NULL_SCHEMA_AND_VALUE;
    let id: number;
    try {
      id = readWireHeader(value);
    } catch (error) {
      throw located(error, topic);
    }
    const reader = this.#readers.get(topic)?.get(id);
    if (reader) return this.#decode(reader, value, id, topic);
    return this.#loadReader(id, topic).then(
      (r) => this.#decode(r, value, id, topic),
      (error: unknown) => {
        throw located(error, topic);
      },
    );
  }

  async fromConnectData(
    topic: string,
    _headers: Headers,
    schema: Schema | null,
    value: unknown,
  ): Promise<Uint8Array | null> {
    if (value === null || value === undefined) {
      if (schema === null || schema.optional) return null;
    }
    try {
      if (schema === null) throw new DataError('AvroConverter needs a schema to write a value');
      const writer = this.#writer(schema);
      const subject = this.#strategy(topic, this.#isKey, writer.plan.recordName);
      const client = this.#requireClient();
      const id = this.#autoRegister
        ? await client.register(subject, writer.text)
        : this.#useLatest
          ? (await client.latest(subject)).id
          : await client.lookup(subject, writer.text);
      const body = writer.type.toBuffer(writer.plan.write(value));
      return Buffer.concat([writeWireHeader(id), body]);
    } catch (error) {
      throw located(error, topic);
    }
  }

  config() {
    return avroConverterConfigDef();
  }

  async #loadReader(id: number, topic: string): Promise<Reader> {
    const client = this.#requireClient();
    const text = await client.getSchemaById(id);
    const json = parseSchema(id, text);
    const version = connectVersion(json) === undefined ? await this.#registryVersion(topic, json, text) : null;
    const byId = this.#readers.get(topic) ?? new Map<number, Reader>();
    this.#readers.set(topic, byId);
    const cached = byId.get(id);
    if (cached) return cached;
    let reader: Reader;
    try {
      reader = {
        type: avro.Type.forSchema(json as avro.Schema, avroTypeOptions()),
        plan: compileAvroToConnect(json, version ?? undefined),
      };
    } catch (cause) {
      if (cause instanceof DataError)
        throw new DataError(`Schema id ${id}: ${cause.reason}`, { code: cause.code, cause });
      throw invalidSchema(id, cause);
    }
    byId.set(id, reader);
    return reader;
  }

  /**
   * The schema's version under the subject this topic's records are registered with, as
   * Confluent's deserializer looks it up: it becomes the Connect schema's version, which
   * `schema.compatibility` compares. `null` when the subject does not hold the schema.
   */
  async #registryVersion(topic: string, json: AvroSchema, text: string): Promise<number | null> {
    const recordName =
      typeof json === 'object' && !Array.isArray(json) && isNamedType(json.type) ? fullName(json, '') : null;
    let subject: string;
    try {
      subject = this.#strategy(topic, this.#isKey, recordName);
    } catch {
      return null; // a record-name strategy and an unnamed schema: no subject to ask
    }
    return this.#requireClient().version(subject, text);
  }

  #decode(reader: Reader, bytes: Uint8Array, id: number, topic: string): SchemaAndValue {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let decoded: { value: unknown; offset: number };
    try {
      decoded = reader.type.decode(buf, 5);
    } catch (cause) {
      throw new DataError(`Avro data does not decode with schema id ${id}: ${(cause as Error).message}`, {
        topic,
        code: 'AVRO_MALFORMED',
        cause,
      });
    }
    if (decoded.offset < 0) {
      throw new DataError(`Avro data is truncated: ${buf.length} bytes do not hold a value of schema id ${id}`, {
        topic,
        code: 'AVRO_MALFORMED',
      });
    }
    if (decoded.offset !== buf.length) {
      throw new DataError(`Avro data has ${buf.length - decoded.offset} bytes after the value of schema id ${id}`, {
        topic,
        code: 'AVRO_MALFORMED',
      });
    }
    try {
      return { schema: reader.plan.schema, value: reader.plan.read(decoded.value) };
    } catch (error) {
      throw located(error, topic);
    }
  }

  #writer(schema: Schema): Writer {
    let writer = this.#writers.get(schema);
    if (!writer) {
      const plan = compileConnectToAvro(schema);
      const text = plan.text;
      writer = { plan, text, type: avro.Type.forSchema(plan.avro as avro.Schema, avroTypeOptions()) };
      this.#writers.set(schema, writer);
    }
    return writer;
  }

  #requireClient(): SchemaRegistryClient {
    if (!this.#client) throw new SinkkitError('AvroConverter used before configure()', { code: 'NOT_CONFIGURED' });
    return this.#client;
  }
}

function createClient(urls: string[], source: string, userInfo: Password | null): SchemaRegistryClient {
  if (source === 'USER_INFO') {
    if (!userInfo) {
      throw new ConfigError({
        key: 'basic.auth.user.info',
        reason: 'is required when basic.auth.credentials.source=USER_INFO',
      });
    }
    return new SchemaRegistryClient({ urls: urls.map(redactUrl), userInfo });
  }
  // URL: credentials written as user:password@host; fetch refuses URLs with credentials.
  let fromUrl: Password | null = null;
  for (const url of urls) {
    try {
      const u = new URL(url);
      if (u.username) fromUrl = new Password(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`);
    } catch {
      throw new ConfigError({ key: 'schema.registry.url', value: redactUrl(url), reason: 'is not a URL' });
    }
  }
  return new SchemaRegistryClient({ urls: urls.map(redactUrl), userInfo: fromUrl });
}

/** `error` with the topic added, keeping its class (DataError / RetriableError / other). */
function located(error: unknown, topic: string): Error {
  if (error instanceof DataError) {
    return error.topic === topic
      ? error
      : new DataError(error.reason, { topic, code: error.code, cause: error.cause ?? error });
  }
  if (error instanceof RetriableError)
    return new RetriableError(`${error.message} (topic ${topic})`, { code: error.code, cause: error });
  if (error instanceof SinkkitError)
    return new SinkkitError(`${error.message} (topic ${topic})`, { code: error.code, cause: error });
  return new DataError(error instanceof Error ? error.message : String(error), { topic, cause: error });
}

function parseSchema(id: number, text: string): AvroSchema {
  try {
    return JSON.parse(text) as AvroSchema;
  } catch (cause) {
    throw invalidSchema(id, cause);
  }
}

function invalidSchema(id: number, cause: unknown): DataError {
  return new DataError(`Schema id ${id} is not a valid Avro schema: ${(cause as Error).message}`, {
    code: 'SCHEMA_INVALID',
    cause,
  });
}
