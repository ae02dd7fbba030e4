import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli-process.js';

// Start-up fails before any Kafka connection, so no broker is needed; the S3 server is real.
const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-config-problems-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const worker = () =>
  write('worker.properties', [
    'bootstrap.servers=127.0.0.1:1',
    'key.converter=org.apache.kafka.connect.storage.StringConverter',
    'value.converter=org.apache.kafka.connect.json.JsonConverter',
  ]);

describe('sinkkit standalone reports every configuration problem in one run', () => {
  it('a bad connector key, a bad store.url, a bad format and a bad converter key: all four, exit 2', async () => {
    const connector = write('four.properties', [
      'name=four',
      'connector.class=io.confluent.connect.s3.S3SinkConnector',
      'topics=t',
      'flush.size=abc',
      'store.url=s4://bucket/p',
      'format.class=nope',
      'value.converter.schemas.enable=maybe',
    ]);
    const { code, output } = await runCliProcess(['standalone', worker(), connector]);
    expect(output).toContain('Invalid value abc for configuration flush.size: not a 32-bit integer');
    expect(output).toContain('Invalid value s4://bucket/p for configuration store.url: unsupported scheme');
    expect(output).toContain('Invalid value nope for configuration format.class: unknown class');
    expect(output).toContain('Invalid value maybe for configuration value.converter.schemas.enable');
    // Each line names the file the key came from.
    expect(output.match(/four\.properties: Invalid value/g)).toHaveLength(4);
    expect(code).toBe(2);
  });

  it('a bad tasks.max is reported with the connector problems of the same file', async () => {
    const connector = write('tasks.properties', [
      'name=tasks',
      'connector.class=StorageSinkConnector',
      'tasks.max=zero',
      'topics=t',
      'flush.size=abc',
      'store.url=file:///srv/sinkkit-tasks-max',
      'format.class=json',
    ]);
    const { code, output } = await runCliProcess(['standalone', worker(), connector]);
    expect(output).toContain('Invalid value zero for configuration tasks.max: not a whole number');
    expect(output).toContain('Invalid value abc for configuration flush.size');
    expect(code).toBe(2);
  });

  it('an unknown connector.class is reported with the converter problems of the same file', async () => {
    const connector = write('unknown-class.properties', [
      'name=unknown-class',
      'connector.class=NoSuchConnector',
      'topics=t',
      'value.converter.schemas.enable=maybe',
    ]);
    const { code, output } = await runCliProcess(['standalone', worker(), connector]);
    expect(output).toContain('Invalid value NoSuchConnector for configuration connector.class');
    expect(output).toContain('Invalid value maybe for configuration value.converter.schemas.enable');
    expect(code).toBe(2);
  });

  it('warns at start on a key no component defines, with the closest known key, before the errors', async () => {
    const connector = write('typo.properties', [
      'name=typo',
      'connector.class=StorageSinkConnector',
      'topics=t',
      'flush.szie=3',
      'store.url=file:///nowhere-needed',
      'format.class=json',
      'partitioner.class=field',
      'partition.feild.name=region',
      'consumer.override.max.poll.records=10',
    ]);
    const { code, output } = await runCliProcess(['standalone', worker(), connector]);
    expect(output).toContain('typo.properties: flush.szie: unknown key; did you mean flush.size?');
    // The partitioner's keys are known too, so its own misspelling gets its suggestion.
    expect(output).toContain('typo.properties: partition.feild.name: unknown key; did you mean partition.field.name?');
    expect(output).not.toMatch(/consumer\.override\.max\.poll\.records: unknown/);
    expect(output.indexOf('flush.szie: unknown key')).toBeLessThan(output.indexOf('Invalid configuration flush.size'));
    expect(code).toBe(2);
  });

  it('an S3 bucket that does not exist fails start with exit 2, naming store.url and the bucket', async () => {
    const bucket = `missing-${Math.random().toString(36).slice(2, 10)}`;
    const connector = write('missing-bucket.properties', [
      'name=missing-bucket',
      'connector.class=StorageSinkConnector',
      'topics=t',
      'flush.size=10',
      'format.class=json',
      `store.url=s3://${bucket}/sink`,
      `store.url.endpoint=${env.current.s3.endpoint}`,
      's3.path.style.access.enabled=true',
      'aws.access.key.id=S3RVER',
      'aws.secret.access.key=S3RVER-secret-value',
      's3.conditional.create=false',
      's3.list.staged=false',
    ]);
    const { code, output } = await runCliProcess(['standalone', worker(), connector]);
    expect(output).toContain(
      `Invalid value s3://${bucket}/sink for configuration store.url: the bucket ${bucket} cannot be reached`,
    );
    expect(output).toContain('NoSuchBucket');
    expect(output).not.toContain('S3RVER-secret-value');
    expect(output).not.toContain('started 1 connector');
    expect(code).toBe(2);
  });
});
