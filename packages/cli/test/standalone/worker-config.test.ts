import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeWorkerConfig, readPropertiesFile, resolveConnectorClass, UsageError } from '../../src/index.js';
import { unusedWorkerKeys } from '../../src/standalone/worker-config.js';

const dir = mkdtempSync(join(tmpdir(), 'sinkkit-worker-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const worker = {
  path: 'worker.properties',
  props: {
    'bootstrap.servers': 'k1:9092',
    'group.id': 'connect-cluster',
    'value.converter': 'JsonConverter',
    'value.converter.schemas.enable': 'false',
    'key.converter': 'StringConverter',
    'key.converter.encoding': 'UTF-8',
    'offset.flush.interval.ms': '10000',
    'consumer.max.poll.records': '100',
  },
};

describe('mergeWorkerConfig', () => {
  it('hands the worker’s Kafka security keys to every connector, its own keys winning', () => {
    const secured = {
      path: 'worker.properties',
      props: {
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config': 'x',
        'ssl.truststore.location': 'ca.pem',
        'producer.sasl.mechanism': 'SCRAM-SHA-512',
        'admin.security.protocol': 'SSL',
        'consumer.ssl.endpoint.identification.algorithm': '',
      },
    };
    const merged = mergeWorkerConfig(secured, {
      path: 'c.properties',
      props: { name: 'c', 'sasl.mechanism': 'SCRAM-SHA-256' },
    });
    expect(merged.props).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.jaas.config': 'x',
      'ssl.truststore.location': 'ca.pem',
      'producer.sasl.mechanism': 'SCRAM-SHA-512',
      'admin.security.protocol': 'SSL',
      'consumer.override.ssl.endpoint.identification.algorithm': '',
      name: 'c',
      'sasl.mechanism': 'SCRAM-SHA-256',
    });
    expect(unusedWorkerKeys(secured)).toEqual([]);
  });

  it('gives every connector the worker settings it has none of, as Kafka Connect standalone does', () => {
    const merged = mergeWorkerConfig(worker, {
      path: 'c.properties',
      props: { name: 'c', 'value.converter': 'StringConverter', 'offset.flush.interval.ms': '500' },
    });
    expect(merged.props).toEqual({
      'bootstrap.servers': 'k1:9092',
      'key.converter': 'StringConverter',
      'key.converter.encoding': 'UTF-8',
      'consumer.override.max.poll.records': '100',
      name: 'c',
      'value.converter': 'StringConverter',
      'offset.flush.interval.ms': '500',
    });
    // The connector named its own value converter, so none of the worker's value.converter.* applies.
    expect(merged.props).not.toHaveProperty('value.converter.schemas.enable');
    expect(merged.props).not.toHaveProperty('group.id');
    expect(merged.origin.get('bootstrap.servers')).toBe('worker.properties');
    expect(merged.origin.get('offset.flush.interval.ms')).toBe('c.properties');
  });

  it('passes the worker task.shutdown.graceful.timeout.ms to every connector, unless the connector sets its own', () => {
    const withTimeout = { ...worker, props: { ...worker.props, 'task.shutdown.graceful.timeout.ms': '20000' } };
    expect(mergeWorkerConfig(withTimeout, { path: 'c.properties', props: {} }).props).toHaveProperty(
      'task.shutdown.graceful.timeout.ms',
      '20000',
    );
    const own = mergeWorkerConfig(withTimeout, {
      path: 'c.properties',
      props: { 'task.shutdown.graceful.timeout.ms': '3000' },
    });
    expect(own.props['task.shutdown.graceful.timeout.ms']).toBe('3000');
    expect(own.origin.get('task.shutdown.graceful.timeout.ms')).toBe('c.properties');
  });

  it('lets a connector consumer.override.* win over the worker consumer.*', () => {
    const merged = mergeWorkerConfig(worker, {
      path: 'c.properties',
      props: { 'consumer.override.max.poll.records': '7' },
    });
    expect(merged.props['consumer.override.max.poll.records']).toBe('7');
  });
});

describe('readPropertiesFile', () => {
  it('names the file when a line is malformed', async () => {
    const path = join(dir, 'bad.properties');
    writeFileSync(path, 'name=x\nbad.escape=\\u12G4\n');
    await expect(readPropertiesFile(path)).rejects.toThrow(
      `${path}: Invalid configuration bad.escape: malformed \\uXXXX escape on line 2`,
    );
  });
});

describe('resolveConnectorClass', () => {
  const fixture = new URL('../fixtures/line-file-connector.js', import.meta.url).pathname;

  it('loads an exported class relative to the properties file', async () => {
    const file = join(new URL('../fixtures/', import.meta.url).pathname, 'connector.properties');
    const Connector = await resolveConnectorClass('./line-file-connector.js#LineFileConnector', file);
    expect(new Connector().version()).toBe('1.0.0');
  });

  it('refuses what is not a SinkConnector, a missing export, and unknown names', async () => {
    await expect(resolveConnectorClass(`${fixture}#NotAConnector`, 'c.properties')).rejects.toThrow(
      /c\.properties: Invalid value .*#NotAConnector for configuration connector\.class: NotAConnector in .* is not a SinkConnector/,
    );
    await expect(resolveConnectorClass(`${fixture}#Nope`, 'c.properties')).rejects.toThrow(
      /has no exported class Nope/,
    );
    await expect(resolveConnectorClass('Nope', 'c.properties')).rejects.toBeInstanceOf(UsageError);
  });

  it('uses registered names first', async () => {
    const LineFileConnector = await resolveConnectorClass(`${fixture}#LineFileConnector`, 'c.properties');
    const Connector = await resolveConnectorClass('LineFile', 'c.properties', {
      LineFile: async () => LineFileConnector,
    });
    expect(Connector).toBe(LineFileConnector);
  });
});
