import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HIDDEN } from '@sinkkit/core';
import { AzureBlobStorage } from '@sinkkit/storage-azure';
import { FsStorage } from '@sinkkit/storage-fs';
import { GcsStorage } from '@sinkkit/storage-gcs';
import { OssStorage } from '@sinkkit/storage-oss';
import { S3Storage } from '@sinkkit/storage-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPeer } from '../../src/config/stores/load-peer.js';
import { openStorageFromUrl, parseSinkSettings } from '../../src/index.js';
import { configError } from '../support/config-error.js';

const ACCOUNT_KEY = 'c2lua2tpdC10ZXN0LWFjY291bnQta2V5LW5vdC1yZWFs'; // base64, not a real key
const SAS = 'sv=2024-08-04&ss=b&srt=co&sp=rwdlac&se=2099-01-01T00:00:00Z&sig=c2lua2tpdFNpZ25hdHVyZQ%3D%3D';
const OSS_SECRET = 'oss-secret-never-printed-4711';
const folder = mkdtempSync(join(tmpdir(), 'sink-store-url-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('store.url maps each scheme to its adapter', () => {
  it.each([
    ['file:///…', `file://${folder}`, {}, FsStorage],
    ['s3://bucket/prefix', 's3://bucket/sink', { 's3.region': 'eu-west-1' }, S3Storage],
    [
      'gs://bucket/prefix',
      'gs://bucket/sink',
      { 'gcs.project.id': 'p', 'store.url.endpoint': 'http://127.0.0.1:1' },
      GcsStorage,
    ],
    [
      'azure://container/prefix + account key',
      'azure://events/sink',
      { 'azblob.account.name': 'acct1', 'azblob.account.key': ACCOUNT_KEY },
      AzureBlobStorage,
    ],
    [
      'azure:// + connection string',
      'azure://events',
      {
        'azblob.connection.string': `DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
      },
      AzureBlobStorage,
    ],
    [
      'azure:// + SAS and an endpoint',
      'azure://events',
      { 'azblob.sas.token': `?${SAS}`, 'store.url.endpoint': 'http://127.0.0.1:1/acct1' },
      AzureBlobStorage,
    ],
    [
      'oss://bucket/prefix',
      'oss://bucket/sink',
      {
        'oss.region': 'oss-cn-hangzhou',
        'oss.access.key.id': 'LTAIkey',
        'oss.access.key.secret': OSS_SECRET,
        'oss.security.token': 'sts',
      },
      OssStorage,
    ],
  ] as const)('%s', async (_name, url, props, adapter) => {
    const opened = await openStorageFromUrl(url, props);
    try {
      expect(opened.storage).toBeInstanceOf(adapter);
    } finally {
      opened.close();
    }
  });

  it('passes the adapter keys on: conditional create off is announced by the adapter', async () => {
    const gcs = await openStorageFromUrl('gs://b', {
      'store.url.endpoint': 'http://127.0.0.1:1',
      'gcs.conditional.create': 'false',
    });
    expect(gcs.storage.capabilities.conditionalCreate).toBe(false);
    const azure = await openStorageFromUrl('azure://c', {
      'azblob.account.name': 'acct1',
      'azblob.account.key': ACCOUNT_KEY,
      'azblob.conditional.create': 'false',
    });
    expect(azure.storage.capabilities.conditionalCreate).toBe(false);
  });

  it('the sink checks the scheme at start, before any storage is built', () => {
    const base = { 'format.class': 'json', 'flush.size': '10' };
    expect(() => parseSinkSettings({ ...base, 'store.url': 'gs://bucket/p' })).not.toThrow();
    expect(() => parseSinkSettings({ ...base, 'store.url': 'azure:///p' })).toThrow(/store\.url: names no container/);
    expect(() => parseSinkSettings({ ...base, 'store.url': 'oss://b', 'storage.class': 'gcs' })).toThrow(
      /storage\.class: contradicts store\.url oss:\/\/b/,
    );
    expect(() => parseSinkSettings({ ...base, 'storage.class': 'azure' })).toThrow(
      /storage\.class=azure needs store\.url/,
    );
  });
});

describe('store.url errors name the key, the value (hidden when secret) and the reason', () => {
  it.each([
    ['ftp://host/x', {}, 'store.url', /unsupported scheme; use file:\/\/\/folder, s3:\/\/bucket\/prefix, gs:\/\//],
    ['gs://', {}, 'store.url', /names no bucket/],
    ['gcs://bucket', {}, 'store.url', /unsupported scheme/],
    ['azure://c', {}, 'azblob.account.key', /missing: an azure:\/\/ store needs azblob\.account\.key/],
    [
      'azure://c',
      { 'azblob.account.key': ACCOUNT_KEY },
      'azblob.account.name',
      /missing: needed with azblob\.account\.key/,
    ],
    ['azure://c', { 'azblob.sas.token': SAS }, 'azblob.account.name', /when store\.url\.endpoint is not set/],
    [
      'azure://c',
      { 'azblob.account.name': 'Bad_Name', 'azblob.account.key': ACCOUNT_KEY },
      'azblob.account.name',
      /Invalid value Bad_Name .*3-24 lowercase/,
    ],
    [
      'oss://b',
      { 'oss.access.key.id': 'k', 'oss.access.key.secret': OSS_SECRET },
      'oss.region',
      /needs oss\.region or oss\.endpoint/,
    ],
    ['oss://b', { 'oss.region': 'oss-cn-hangzhou', 'oss.access.key.id': 'k' }, 'oss.access.key.secret', /missing/],
    [
      'oss://b',
      { 'oss.region': 'oss-cn-hangzhou', 'oss.access.key.secret': OSS_SECRET },
      'oss.access.key.id',
      /missing/,
    ],
    [
      'oss://b',
      { 'oss.endpoint': 'oss-cn-hangzhou.aliyuncs.com', 'oss.access.key.id': 'k', 'oss.access.key.secret': OSS_SECRET },
      'oss.endpoint',
      /must be an http\(s\) URL/,
    ],
    [
      'oss://b',
      { 'oss.region': 'oss-cn-hangzhou', 'store.url.endpoint': 'http://x' },
      'store.url.endpoint',
      /set oss\.endpoint/,
    ],
    [
      'gs://b',
      { 'gcs.credentials.path': join(folder, 'missing.json') },
      'gcs.credentials.path',
      /cannot read the key file \(ENOENT\)/,
    ],
    ['gs://b', { 'gcs.part.size': '1000' }, 'gcs.part.size', /Invalid value 1000/],
  ] as const)('%s %j → %s', async (url, props, key, message) => {
    const error = await configError(openStorageFromUrl(url, props));
    expect(error.keys).toEqual([key]);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(OSS_SECRET);
    expect(error.message).not.toContain(ACCOUNT_KEY);
  });

  it('a URL carrying credentials is refused, and printed without them', async () => {
    const error = await configError(openStorageFromUrl(`azure://c/p?${SAS}`));
    expect(error.message).toContain(
      'Invalid value azure://c/p for configuration store.url: must not carry credentials',
    );
    expect(error.message).not.toContain('sig=');
    const userinfo = await configError(openStorageFromUrl(`oss://id:${OSS_SECRET}@bucket/p`));
    expect(userinfo.message).not.toContain(OSS_SECRET);
  });

  it('secrets that are wrong are reported as [hidden], never echoed', async () => {
    const cases = [
      [
        { 'azblob.account.name': 'acct1', 'azblob.account.key': `${OSS_SECRET}!` },
        'azblob.account.key',
        'must be a base64 account key',
      ],
      [
        { 'azblob.connection.string': `AccountKey=${OSS_SECRET}` },
        'azblob.connection.string',
        'not a storage connection string',
      ],
      [
        { 'azblob.account.name': 'acct1', 'azblob.account.key': ACCOUNT_KEY, 'azblob.sas.token': OSS_SECRET },
        'azblob.sas.token',
        'set only one of',
      ],
    ] as const;
    for (const [props, key, reason] of cases) {
      const error = await configError(openStorageFromUrl('azure://c', props));
      expect(error.message).toBe(`Invalid value ${HIDDEN} for configuration ${key}: ${error.problems[0]?.reason}`);
      expect(error.message).toContain(reason);
      expect(error.message).not.toContain(OSS_SECRET);
    }
    const json = await configError(
      openStorageFromUrl('gs://b', { 'gcs.credentials.json': `{"private_key": "${OSS_SECRET}"` }),
    );
    expect(json.message).toMatch(
      /^Invalid value \[hidden\] for configuration gcs\.credentials\.json: must be a service account key/,
    );
    expect(json.message).not.toContain(OSS_SECRET);
    const both = join(folder, 'key.json');
    writeFileSync(both, '{}');
    const twice = await configError(
      openStorageFromUrl('gs://b', { 'gcs.credentials.json': '{}', 'gcs.credentials.path': both }),
    );
    expect(twice.message).toContain('set it or gcs.credentials.path, not both');
  });

  it('a missing optional peer names the npm packages to install', async () => {
    const missing = () =>
      Promise.reject(
        Object.assign(new Error("Cannot find package '@azure/storage-blob'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      );
    const error = await configError(
      loadPeer(missing, 'azure://c/p', ['@sinkkit/storage-azure', '@azure/storage-blob']),
    );
    expect(error.message).toBe(
      'Invalid value azure://c/p for configuration store.url: needs the optional peer dependencies @sinkkit/storage-azure and @azure/storage-blob: npm install @sinkkit/storage-azure @azure/storage-blob',
    );
    const broken = () => Promise.reject(new TypeError('a bug inside the SDK'));
    await expect(loadPeer(broken, 'gs://b', ['@google-cloud/storage'])).rejects.toThrow(TypeError);
  });
});
