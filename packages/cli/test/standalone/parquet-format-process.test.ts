import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../support/cli-process.js';

const RECORDS = 200;
const env = useTestEnvironment({ kafka: { topics: [{ name: 'events', partitions: 2 }] } }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-standalone-parquet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function parquetFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.parquet') && f.startsWith('topics'))
      .map((f) => join(root, f));
  } catch {
    return [];
  }
}

describe('sinkkit standalone with format.class=parquet (the built binary)', () => {
  it('writes Parquet files to a folder that sinkkit verify finds complete, every offset once', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, 'events', RECORDS);
    const out = join(dir, 'store');
    const worker = write('worker.properties', [
      `bootstrap.servers=${env.current.kafka.bootstrapServers}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable=false',
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
    ]);
    const connector = write('parquet-sink.properties', [
      'name=parquet-sink',
      'connector.class=io.confluent.connect.s3.S3SinkConnector',
      'tasks.max=1',
      'topics=events',
      `store.url=${pathToFileURL(out).href}`,
      'format.class=parquet',
      'flush.size=50',
    ]);
    const proc = startCli(['standalone', worker, connector]);
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && parquetFiles(out).length < RECORDS / 50)
      await new Promise((r) => setTimeout(r, 200));
    await proc.stop(15_000);
    const code = await proc.exited;
    const output = proc.output();
    expect(output).not.toMatch(/unknown class/);
    expect(code, output).toBe(0);

    const files = parquetFiles(out);
    expect(files).toHaveLength(RECORDS / 50);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
      expect(bytes.subarray(bytes.length - 4).toString('latin1')).toBe('PAR1');
    }
    const verify = await runCliProcess(['verify', '--store-url', pathToFileURL(out).href, '--topics', 'events']);
    expect(verify.output).toMatch(/verify: OK: 2 partitions, 200 records in 4 files/);
    expect(verify.code).toBe(0);
  }, 90_000);
});
