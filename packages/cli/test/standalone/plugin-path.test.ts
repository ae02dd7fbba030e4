import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { loadPluginPath } from '../../src/standalone/plugin-path.js';
import { runCliProcess, startCli } from '../support/cli-process.js';

const RECORDS = 40;
const fixtures = fileURLToPath(new URL('../fixtures/plugin-path', import.meta.url));
const env = useTestEnvironment({ kafka: { topics: [{ name: 'plugged', partitions: 1 }] } }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-plugin-path-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('loadPluginPath', () => {
  it('finds the classes of a folder by export name and CLASS_NAME, and of a package by name', async () => {
    const found = await loadPluginPath([fixtures, '@sinkkit/transforms'], process.cwd(), 'worker.properties');
    expect(Object.keys(found.transformations)).toEqual(expect.arrayContaining(['TagRecord', 'com.example.TagRecord']));
    expect(Object.keys(found.partitioners)).toEqual(['ParityPartitioner']);
    expect(found.transformations['org.apache.kafka.connect.transforms.MaskField$Value']).toBeDefined();
    expect(found.predicates.RecordIsTombstone).toBeDefined();
  });

  it('names plugin.path, the entry and the reason when an entry cannot be loaded', async () => {
    const bad = join(dir, 'broken');
    write('broken.mjs', ['throw new Error("plugin exploded");']);
    await expect(loadPluginPath([join(dir, 'nope')], process.cwd(), 'w.properties')).rejects.toThrow(
      /w\.properties: Invalid value .*nope for configuration plugin\.path: .* does not exist/,
    );
    await expect(loadPluginPath([`${bad}.mjs`], process.cwd(), 'w.properties')).rejects.toThrow(/plugin exploded/);
    await expect(loadPluginPath(['no-such-package-xyz'], process.cwd(), 'w.properties')).rejects.toThrow(UsageError);
  });
});

describe('sinkkit standalone with plugin.path', () => {
  it('applies a transformation and a partitioner of the user, loaded from a folder', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, 'plugged', RECORDS);
    const out = join(dir, 'store');
    const worker = write('worker.properties', [
      `bootstrap.servers=${env.current.kafka.bootstrapServers}`,
      `plugin.path=${fixtures}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable=false',
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
    ]);
    const connector = write('plugged.properties', [
      'name=plugged',
      'connector.class=StorageSinkConnector',
      'tasks.max=1',
      'topics=plugged',
      `store.url=${pathToFileURL(out).href}`,
      'format.class=json',
      'flush.size=10',
      'rotate.schedule.interval.ms=1000',
      'partitioner.class=ParityPartitioner',
      'transforms=tag',
      'transforms.tag.type=com.example.TagRecord',
      'transforms.tag.tag.value=from-plugin',
    ]);
    const proc = startCli(['standalone', worker, connector]);
    const files = () => {
      try {
        return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter(
          (f) => f.startsWith('topics') && f.endsWith('.json'),
        );
      } catch {
        return [];
      }
    };
    const rows = () => files().flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').filter(Boolean));
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && rows().length < RECORDS) await new Promise((r) => setTimeout(r, 200));
    await proc.stop(15_000);
    expect(await proc.exited, proc.output()).toBe(0);

    expect(new Set(files().map((f) => f.split('/')[2]))).toEqual(new Set(['parity=even', 'parity=odd']));
    const values = rows().map((line) => JSON.parse(line));
    expect(values).toHaveLength(RECORDS);
    expect(values.every((v) => v.tag === 'from-plugin')).toBe(true);
    for (const f of files()) {
      const parity = f.includes('parity=even') ? 0 : 1;
      for (const line of readFileSync(join(out, f), 'utf8').split('\n').filter(Boolean))
        expect(JSON.parse(line).id % 2).toBe(parity);
    }
    const verify = await runCliProcess(['verify', '--store-url', pathToFileURL(out).href, '--topics', 'plugged']);
    expect(verify.code, verify.output).toBe(0);
  }, 90_000);
});
