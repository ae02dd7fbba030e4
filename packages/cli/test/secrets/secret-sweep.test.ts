import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigDef, type Predicate, type SinkRecord, type Transformation } from '@sinkkit/core';
import { ConnectorRunner, configSecrets, type Logger, type PluginClasses } from '@sinkkit/runtime';
import { StorageSinkConnector } from '@sinkkit/storage-sink';
import { useTestEnvironment } from '@sinkkit/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandalone } from '../../src/standalone/standalone.js';
import { runCliProcess } from '../support/cli-process.js';
import { Markers, registeredSecretKeys } from '../support/secret-markers.js';

// One sweep over every secret sinkkit is given: every password-typed key of every registered
// component (enumerated from the registries), Kafka's client password keys under every client
// prefix, URL userinfo, and password keys of a transformation and a predicate whose names look
// harmless (so only their declared type can hide them). Each gets a distinct marker; the test
// fails on any marker in any output: stdout, stderr, logs, status JSON, error messages and traces.

const FAILING_CONNECTOR = fileURLToPath(new URL('../fixtures/failing-put-connector.js', import.meta.url));
const TOPIC = 'sweep';
const env = useTestEnvironment({ kafka: { topics: [{ name: TOPIC, partitions: 1 }] } }, { beforeAll, afterAll });
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-sweep-'));
  // Null keys, so the Avro key converter (configured for its password keys) converts without a registry.
  const kafka = new Kafka({ brokers: [env.current.kafka.bootstrapServers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: Array.from({ length: 5 }, (_, i) => ({ key: null, value: `{"n":${i}}` })),
  });
  await producer.disconnect();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function write(name: string, props: Readonly<Record<string, string>>): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return path;
}

function workerProps(): Record<string, string> {
  return {
    'bootstrap.servers': env.current.kafka.bootstrapServers,
    'offset.flush.interval.ms': '500',
    'consumer.session.timeout.ms': '3000',
    'consumer.heartbeat.interval.ms': '300',
    'consumer.fetch.max.wait.ms': '100',
    'consumer.auto.offset.reset': 'earliest',
  };
}

/** A connector that runs until its task's put() throws (with a cause, from a user's file). */
function runningConnector(name: string, markers: Markers, extra: Record<string, string> = {}): Record<string, string> {
  const secrets = markers.assign(registeredSecretKeys({ kafka: false }).map((k) => k.key));
  return {
    ...secrets,
    name,
    'connector.class': `${FAILING_CONNECTOR}#FailingPutConnector`,
    'tasks.max': '1',
    topics: TOPIC,
    'store.url': pathToFileURL(join(dir, `${name}-out`)).href,
    'format.class': 'json',
    'flush.size': '10',
    'key.converter': 'io.confluent.connect.avro.AvroConverter',
    'key.converter.schema.registry.url': `http://registry-user:${markers.next()}@127.0.0.1:9`,
    'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    ...extra,
  };
}

function expectNoMarker(markers: Markers, ...outputs: string[]): void {
  expect(markers.count).toBeGreaterThan(10);
  for (const output of outputs) expect(markers.foundIn(output), output).toEqual([]);
}

/** The start-up line's redacted configuration: every secret key present and `[hidden]`. */
function expectDumpHides(output: string, keys: readonly string[]): void {
  const line = output.split('\n').find((l) => l.includes('starting connector'));
  expect(line, 'the start-up line').toBeDefined();
  const dump = JSON.parse((line ?? '').slice((line ?? '').indexOf('{'))).config as Record<string, string>;
  for (const key of keys) expect(dump[key], key).toBe('[hidden]');
}

describe('the secret sweep', () => {
  it('enumerates a real set of secret keys (converters with prefixes, every store, Kafka clients)', () => {
    const keys = registeredSecretKeys().map((k) => k.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'key.converter.basic.auth.user.info',
        'value.converter.basic.auth.user.info',
        'aws.secret.access.key',
        'azblob.account.key',
        'azblob.connection.string',
        'azblob.sas.token',
        'gcs.credentials.json',
        'oss.access.key.secret',
        's3.sse.customer.key',
        'sasl.jaas.config',
        'consumer.override.sasl.jaas.config',
        'producer.override.ssl.keystore.password',
        'admin.ssl.keystore.key',
      ]),
    );
  });

  it('sinkkit standalone: start-up, a task whose put throws and its status line show no secret', async () => {
    const markers = new Markers();
    const connector = runningConnector('sweep-run', markers);
    const { code, output } = await runCliProcess([
      'standalone',
      write('worker.properties', workerProps()),
      write('sweep-run.properties', connector),
    ]);
    expectDumpHides(output, [
      ...registeredSecretKeys({ kafka: false }).map((k) => k.key),
      // Declared password by the storage sink; no name rule would catch these two.
      'azblob.connection.string',
      's3.sse.customer.key',
    ]);
    expect(output).toContain('"key.converter.schema.registry.url":"http://[hidden]@127.0.0.1:9"');
    expect(output).toMatch(
      /task 0 failed: Task threw an unrecoverable error from put\(\): user put failed on \d+ records/,
    );
    // The user's stack and cause reach the log (19.3).
    expect(output).toContain('failing-put-connector.js');
    expect(output).toContain('Caused by: Error: user lookup service refused the batch');
    expectNoMarker(markers, output);
    expect(code).toBe(1);
  }, 90_000);

  // The connector's own check fails before the runtime reads the Kafka client keys; a converter's
  // comes after, so that case leaves the client keys out (they would be a different start-up error).
  it.each([
    ['a bad key elsewhere', true, { 'flush.size': '-1' }, /flush\.size: must be at least 1/],
    ['credentials in store.url', true, { 'store.url': 's3://AKID:@@@bucket/p' }, /s3:\/\/\[hidden\]@bucket\/p/],
    [
      'credentials in the Schema Registry URL of a converter that fails to configure',
      false,
      {
        'value.converter': 'io.confluent.connect.avro.AvroConverter',
        'value.converter.schema.registry.url': 'http://registry-user:@@@host:8081',
        'value.converter.basic.auth.credentials.source': 'BOGUS',
      },
      /Invalid value BOGUS for configuration value\.converter\.basic\.auth\.credentials\.source/,
    ],
  ])(
    'sinkkit standalone refusing to start over %s prints no secret',
    async (_name, withKafka, override, expected) => {
      const markers = new Markers();
      const kafkaKeys = withKafka
        ? registeredSecretKeys()
            .filter((k) => k.component === 'Kafka client')
            .map((k) => k.key)
        : [];
      const props = runningConnector('sweep-bad', markers, markers.assign(kafkaKeys));
      for (const [key, value] of Object.entries(override)) props[key] = value.replace('@@@', `${markers.next()}@`);
      const worker = {
        ...workerProps(),
        ...markers.assign(kafkaKeys.filter((k) => /^(consumer|producer|admin)\./.test(k))),
      };
      const { code, output } = await runCliProcess([
        'standalone',
        write('worker.properties', worker),
        write('sweep-bad.properties', props),
      ]);
      expect(output).toMatch(expected);
      expectDumpHides(output, kafkaKeys);
      expectNoMarker(markers, output);
      expect(code).toBe(2);
    },
    60_000,
  );

  it('sinkkit verify refusing a store URL with credentials prints no secret', async () => {
    const markers = new Markers();
    for (const url of [`s3://AKID:${markers.next()}@bucket/p`, `s3://AKID:${markers.next()}/x@bucket/p`]) {
      const { code, output } = await runCliProcess(['verify', '--store-url', url]);
      expect(output).toMatch(/Invalid value s3:\/\/(\[hidden\]@)?bucket\/p for configuration store.url/);
      expect(markers.foundIn(output)).toEqual([]);
      expect(code).toBe(2);
    }
  });

  it('a short secret equal to another value hides nothing else: redaction is by key, not by value', async () => {
    const props = {
      name: 'sweep-short',
      'connector.class': 'StorageSinkConnector',
      topics: TOPIC,
      'store.url': pathToFileURL(join(dir, 'short-out')).href,
      'format.class': 'json',
      'aws.secret.access.key': 'json',
      'flush.size': '-1',
    };
    const { code, output } = await runCliProcess([
      'standalone',
      write('worker.properties', workerProps()),
      write('sweep-short.properties', props),
    ]);
    expect(output).toContain('"format.class":"json"');
    expect(output).toContain('"aws.secret.access.key":"[hidden]"');
    expect(output).toContain('Invalid value -1 for configuration flush.size');
    expect(code).toBe(2);
  }, 60_000);
});

// A transformation and a predicate whose password keys have names no rule would call secret.
class OpaqueTransform implements Transformation {
  configure(): void {}
  apply(record: SinkRecord): SinkRecord {
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef().define('opaque', { type: 'password', doc: 'A secret with a harmless name.' });
  }
  close(): void {}
}

class PinPredicate implements Predicate {
  configure(): void {}
  test(): boolean {
    return true;
  }
  config(): ConfigDef {
    return new ConfigDef().define('pin', { type: 'password', doc: 'A secret with a harmless name.' });
  }
  close(): void {}
}

const plugins: PluginClasses = {
  transformations: { OpaqueTransform },
  predicates: { PinPredicate },
};

class FailingPutConnector extends StorageSinkConnector {
  override taskClass() {
    const Bound = super.taskClass();
    return class extends Bound {
      override async put(records: SinkRecord[]): Promise<void> {
        if (records.length > 0)
          throw new Error('programmatic put failed', { cause: new Error('cause of the failure') });
      }
    };
  }
}

function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, fields?: Record<string, unknown>) => lines.push(`${message} ${JSON.stringify(fields)}`);
  return { logger: { debug: log, info: log, warn: log, error: log }, lines };
}

function transformProps(markers: Markers): Record<string, string> {
  return {
    transforms: 't',
    'transforms.t.type': 'OpaqueTransform',
    'transforms.t.opaque': markers.next(),
    'transforms.t.predicate': 'p',
    predicates: 'p',
    'predicates.p.type': 'PinPredicate',
    'predicates.p.pin': markers.next(),
  };
}

describe('the secret sweep, programmatic', () => {
  it('hides transformation and predicate password keys by their declared type', () => {
    const markers = new Markers();
    const props = { ...runningConnector('sweep-types', markers), ...transformProps(markers) };
    const shown = configSecrets(props, { connector: new StorageSinkConnector().config(), plugins }).redact(props);
    expect(shown['transforms.t.opaque']).toBe('[hidden]');
    expect(shown['predicates.p.pin']).toBe('[hidden]');
    expect(shown['transforms.t.type']).toBe('OpaqueTransform');
    expectNoMarker(markers, JSON.stringify(shown));
  });

  it('ConnectorRunner: a task whose put throws; its logs, status and trace show no secret', async () => {
    const markers = new Markers();
    const { logger, lines } = capture();
    const props = {
      ...workerProps(),
      ...Object.fromEntries(
        Object.entries(workerProps()).map(([k, v]) => [k.replace(/^consumer\./, 'consumer.override.'), v]),
      ),
      ...runningConnector('sweep-prog', markers),
      ...transformProps(markers),
    };
    delete props['connector.class'];
    const runner = new ConnectorRunner({ connector: new FailingPutConnector(), config: props, logger, plugins });
    await runner.start();
    const [status] = await runner.done;
    const json = JSON.stringify(runner.status());
    expect(status?.state).toBe('FAILED');
    expect(status?.error?.trace).toContain('Caused by: Error: cause of the failure');
    expect(status?.error?.trace).toContain('secret-sweep.test.ts');
    expectNoMarker(markers, json, lines.join('\n'));
  }, 60_000);

  it('ConnectorRunner failing start-up over a bad key: the error and status show no secret', async () => {
    const markers = new Markers();
    const { logger, lines } = capture();
    const kafka = registeredSecretKeys()
      .filter((k) => k.component === 'Kafka client')
      .map((k) => k.key);
    const props = {
      ...runningConnector('sweep-prog-bad', markers, markers.assign(kafka)),
      ...transformProps(markers),
      'flush.size': '0',
    };
    const runner = new ConnectorRunner({ connector: new FailingPutConnector(), config: props, logger, plugins });
    const error = (await runner.start().then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain('flush.size');
    expectNoMarker(markers, error.message, String(error.stack), JSON.stringify(runner.status()), lines.join('\n'));
  }, 30_000);

  it('startStandalone (the CLI in process): its log and status output show no secret', async () => {
    const markers = new Markers();
    const { logger, lines } = capture();
    const connector = { ...runningConnector('sweep-inproc', markers), ...transformProps(markers) };
    const worker = await startStandalone({
      workerFile: write('worker-inproc.properties', workerProps()),
      connectorFiles: [write('sweep-inproc.properties', connector)],
      plugins,
      logger,
      pollMs: 100,
    });
    const result = await worker.done;
    expect(result.failed).toBe(true);
    const statuses = JSON.stringify(result.statuses);
    expect(statuses).toContain('user lookup service refused the batch');
    const dump = lines.find((l) => l.startsWith('starting connector')) ?? '';
    expect(dump).toContain('"transforms.t.opaque":"[hidden]"');
    expect(dump).toContain('"predicates.p.pin":"[hidden]"');
    expectNoMarker(markers, statuses, lines.join('\n'));
  }, 60_000);
});
