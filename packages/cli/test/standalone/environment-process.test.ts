// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the connector file writes Kafka's ${file:…} variables
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../support/cli-process.js';

const RECORDS = 60;
const SECRET = 'MARKER-file-provider-secret-71f3';
const env = useTestEnvironment({ kafka: { topics: [{ name: 'env-topic', partitions: 2 }] } }, { beforeAll, afterAll });
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-env-worker-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sinkkit standalone configured by CONNECT_* variables and config providers', () => {
  it('runs a connector with no worker file, reading store.url and a secret through ${file:…}, never printing the secret', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, 'env-topic', RECORDS);
    const out = join(dir, 'store');
    const secrets = join(dir, 'secrets.properties');
    writeFileSync(secrets, `url=${pathToFileURL(out).href}\nsecret=${SECRET}\n`);
    const connector = join(dir, 'env-sink.properties');
    writeFileSync(
      connector,
      [
        'name=env-sink',
        'connector.class=StorageSinkConnector',
        'tasks.max=1',
        'topics=env-topic',
        `store.url=\${file:${secrets}:url}`,
        `aws.secret.access.key=\${file:${secrets}:secret}`,
        'format.class=json',
        'flush.size=30',
        '',
      ].join('\n'),
    );
    const proc = startCli(['standalone', connector], undefined, {
      CONNECT_BOOTSTRAP_SERVERS: env.current.kafka.bootstrapServers,
      CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
      CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'false',
      CONNECT_OFFSET_FLUSH_INTERVAL_MS: '500',
      CONNECT_CONSUMER_SESSION_TIMEOUT_MS: '3000',
      CONNECT_CONSUMER_HEARTBEAT_INTERVAL_MS: '300',
      CONNECT_CONSUMER_FETCH_MAX_WAIT_MS: '100',
      CONNECT_CONFIG_PROVIDERS: 'file',
      CONNECT_CONFIG_PROVIDERS_FILE_CLASS: 'org.apache.kafka.common.config.provider.FileConfigProvider',
    });
    const files = () => {
      try {
        return readdirSync(out, { recursive: true, encoding: 'utf8' }).filter(
          (f) => f.startsWith('topics') && f.endsWith('.json'),
        );
      } catch {
        return [];
      }
    };
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && files().length < RECORDS / 30) await new Promise((r) => setTimeout(r, 200));
    await proc.stop(15_000);
    const code = await proc.exited;
    const output = proc.output();
    expect(code, output).toBe(0);
    expect(files()).toHaveLength(RECORDS / 30);
    expect(output).toContain('${file:');
    expect(output).not.toContain(SECRET);
    const verify = await runCliProcess(['verify', '--store-url', pathToFileURL(out).href, '--topics', 'env-topic']);
    expect(verify.code, verify.output).toBe(0);
  }, 90_000);
});
