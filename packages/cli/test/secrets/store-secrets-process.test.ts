import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { produceRecords, useTestEnvironment } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OssDouble, startOssDouble } from '../../../storage-oss/test/support/oss-double.js';
import { runCliProcess } from '../support/cli-process.js';

// Wrong secrets that look real: a base64 account key, a SAS with a signature, an OSS secret. None
// may reach stdout or stderr, whether the store refuses them (403) or the worker reports the failure.
const BAD_KEY = Buffer.from('sinkkit-wrong-account-key-0123456789-abcdefghij').toString('base64');
const BAD_SIG = 'c2lua2tpdFdyb25nU2lnbmF0dXJlMDEyMzQ1Njc4OQ==';
const BAD_SAS = `sv=2021-08-06&ss=b&srt=sco&sp=rwdlacx&se=2099-01-01T00:00:00Z&spr=http&sig=${encodeURIComponent(BAD_SIG)}`;
const BAD_OSS_SECRET = 'sinkkit-wrong-oss-secret-4b1d2c';
const SECRETS = [BAD_KEY, BAD_SIG, encodeURIComponent(BAD_SIG), BAD_OSS_SECRET];

const env = useTestEnvironment(
  { kafka: { topics: [{ name: 'audit', partitions: 1 }] }, azure: true },
  { beforeAll, afterAll },
);
let dir: string;
let oss: OssDouble;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-secrets-'));
  oss = await startOssDouble({ buckets: ['audit'] });
  const service = BlobServiceClient.fromConnectionString(env.current.azure.connectionString);
  await service.getContainerClient('audit').create();
});
afterAll(async () => {
  await oss?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function expectNoSecret(output: string): void {
  for (const secret of SECRETS) expect(output).not.toContain(secret);
}

const azureKeys = (credential: string) => [
  'store.url=azure://audit/sink',
  `store.url.endpoint=${env.current.azure.blobEndpoint}`,
  `azblob.account.name=${env.current.azure.accountName}`,
  credential,
];

describe('secrets never reach the CLI output', () => {
  it.each([
    ['a wrong Azure account key', `azblob.account.key=${BAD_KEY}`],
    ['a wrong Azure SAS token', `azblob.sas.token=?${BAD_SAS}`],
  ])('sinkkit verify --config with %s: refused (exit 1), the secret not printed', async (_name, credential) => {
    const config = write('verify-azure.properties', azureKeys(credential));
    const { code, output } = await runCliProcess(['verify', '--config', config]);
    expect(output).toMatch(/403|denied|authoriz|authenticat/i);
    expectNoSecret(output);
    expect(code).toBe(1);
  });

  it('sinkkit verify with a wrong OSS secret: the signature is refused, the secret not printed', async () => {
    const config = write('verify-oss.properties', [
      'store.url=oss://audit/sink',
      'oss.region=oss-cn-hangzhou',
      `oss.endpoint=${oss.endpoint}`,
      `oss.access.key.id=${oss.credentials.accessKeyId}`,
      `oss.access.key.secret=${BAD_OSS_SECRET}`,
    ]);
    const { code, output } = await runCliProcess(['verify', '--config', config]);
    expect(output).toMatch(/SignatureDoesNotMatch|denied|403/i);
    expectNoSecret(output);
    expect(code).toBe(1);
  });

  it('sinkkit verify with a malformed secret: a usage error naming the key, the value [hidden]', async () => {
    const config = write('verify-bad.properties', azureKeys(`azblob.account.key=${BAD_OSS_SECRET}!`));
    const { code, output } = await runCliProcess(['verify', '--config', config]);
    expect(output).toContain(
      'Invalid value [hidden] for configuration azblob.account.key: must be a base64 account key',
    );
    expectNoSecret(output);
    expect(code).toBe(2);
  });

  it('sinkkit verify with a malformed GCS service-account key: a usage error naming the key, the key [hidden]', async () => {
    const secret = 'sinkkit-gcs-private-key-MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
    const config = write('verify-gcs.properties', [
      'store.url=gs://audit/sink',
      `gcs.credentials.json={"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----${secret}`,
    ]);
    const { code, output } = await runCliProcess(['verify', '--config', config]);
    expect(output).toContain('Invalid value [hidden] for configuration gcs.credentials.json');
    expect(output).not.toContain(secret);
    expect(code).toBe(2);
  });

  it('sinkkit standalone into Azurite with a wrong account key: start-up fails (exit 2), the secret is not printed', async () => {
    await produceRecords(env.current.kafka.bootstrapServers, 'audit', 20);
    const worker = write('worker.properties', [
      `bootstrap.servers=${env.current.kafka.bootstrapServers}`,
      'offset.flush.interval.ms=500',
      'consumer.session.timeout.ms=3000',
      'consumer.heartbeat.interval.ms=300',
      'consumer.fetch.max.wait.ms=100',
    ]);
    const connector = write('azure-sink.properties', [
      'name=azure-sink',
      'connector.class=StorageSinkConnector',
      'tasks.max=1',
      'topics=audit',
      'flush.size=10',
      'value.converter=org.apache.kafka.connect.converters.ByteArrayConverter',
      'format.class=bytes',
      ...azureKeys(`azblob.account.key=${BAD_KEY}`),
    ]);
    const { code, output } = await runCliProcess(['standalone', worker, connector]);
    expect(output).toContain('"azblob.account.key":"[hidden]"');
    // The store is probed at start: refused credentials are a configuration problem, found before any task runs.
    expect(output).toContain('for configuration store.url: the container audit cannot be reached');
    expect(output).toMatch(/403|denied|authoriz|authenticat/i);
    expectNoSecret(output);
    expect(code).toBe(2);
  }, 60_000);
});
