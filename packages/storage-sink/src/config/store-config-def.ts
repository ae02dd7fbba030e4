import { atLeast, ConfigDef, range } from '@sinkkit/core';
import { storeTimeoutConfigDef } from './store-timeout-config-def.js';

const MIB = 1024 * 1024;
const KIB = 1024;

/**
 * The settings that say where the storage sink writes and how to reach it: `store.url` and each
 * adapter's keys. Names follow Confluent's S3, GCS and Azure Blob sinks where they have one
 * (`s3.region`, `gcs.credentials.path`, `azblob.account.key`); secrets are `password` keys, never
 * printed. `sinkkit verify` reads the same keys. docs/configuration.md is the reference.
 */
export const storeConfigDef = () =>
  new ConfigDef()
    .define('store.url', {
      type: 'string',
      default: null,
      importance: 'high',
      doc: 'Where files go: file:///absolute/folder, s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix or oss://bucket/prefix. Not needed when a Storage is passed in code, or with s3.bucket.name.',
    })
    .define('storage.class', {
      type: 'enum',
      values: ['fs', 's3', 'gcs', 'azure', 'oss', 'io.confluent.connect.s3.storage.S3Storage'],
      default: null,
      doc: 'The storage adapter: fs, s3, gcs, azure or oss (Confluent S3 name accepted). Default: from store.url, or s3 when s3.bucket.name is set.',
    })
    .define('store.url.endpoint', {
      type: 'string',
      default: null,
      doc: 'Endpoint of an S3-compatible server (MinIO, s3rver, Alluxio…), of a GCS emulator, or of Azure Blob (Azurite: http://127.0.0.1:10000/devstoreaccount1). Confluent calls the S3 one store.url, which sinkkit uses for the destination.',
    })
    // S3
    .define('s3.bucket.name', { type: 'string', default: null, doc: 'S3 bucket (when store.url is not an s3:// URL).' })
    .define('s3.region', {
      type: 'string',
      default: null,
      doc: 'S3 region; default the AWS SDK chain, or us-east-1 with an endpoint.',
    })
    .define('s3.part.size', {
      type: 'int',
      default: 8 * MIB,
      validators: [range({ min: 5 * MIB, max: 2 ** 31 - 1 })],
      doc: 'Multipart part size in bytes; S3 needs at least 5 MiB (5242880).',
    })
    .define('s3.path.style.access.enabled', {
      type: 'boolean',
      default: false,
      doc: 'Path-style S3 requests (needed by most S3-compatible servers).',
    })
    .define('aws.access.key.id', {
      type: 'string',
      default: null,
      doc: 'Static access key id; default the AWS SDK chain.',
    })
    .define('aws.secret.access.key', { type: 'password', default: null, doc: 'Static secret key.' })
    .define('s3.conditional.create', {
      type: 'boolean',
      default: true,
      doc: 'Whether the S3 server enforces If-None-Match: * (AWS, MinIO). false: no zombie fencing (documented weaker guarantee).',
    })
    .define('s3.ssea.name', {
      type: 'enum',
      default: '',
      values: ['', 'AES256', 'aws:kms'],
      doc: "Server-side encryption of every object: AES256 (SSE-S3) or aws:kms (SSE-KMS); '' leaves it to the bucket's default.",
    })
    .define('s3.sse.kms.key.id', {
      type: 'string',
      default: '',
      doc: "KMS key id or alias for s3.ssea.name=aws:kms; '' uses the account's default key.",
    })
    .define('s3.sse.customer.key', {
      type: 'password',
      default: null,
      doc: 'SSE-C (customer-provided keys) is not supported: setting it fails at start rather than writing unencrypted objects.',
    })
    .define('s3.acl.canned', {
      type: 'string',
      default: null,
      doc: 'Canned ACL sent with every object, e.g. bucket-owner-full-control. Default: none sent.',
    })
    .define('s3.storage.class', {
      type: 'string',
      default: null,
      doc: "Storage class of every object, e.g. STANDARD_IA or INTELLIGENT_TIERING. Default: the bucket's (STANDARD).",
    })
    .define('s3.list.staged', {
      type: 'boolean',
      default: true,
      doc: 'Whether the S3 server answers ListMultipartUploads (orphan clean-up).',
    })
    // Google Cloud Storage
    .define('gcs.project.id', {
      type: 'string',
      default: null,
      doc: 'Google Cloud project id; default the one of the credentials or the environment.',
    })
    .define('gcs.credentials.path', {
      type: 'string',
      default: null,
      doc: 'Path of a service account key file; default Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS).',
    })
    .define('gcs.credentials.json', {
      type: 'password',
      default: null,
      doc: 'A service account key as inline JSON (instead of gcs.credentials.path).',
    })
    .define('gcs.part.size', {
      type: 'int',
      default: 8 * MIB,
      validators: [range({ min: 256 * KIB, max: 1024 * MIB })],
      doc: 'Bytes per temporary part object of a staged file, 256 KiB – 1 GiB.',
    })
    .define('gcs.conditional.create', {
      type: 'boolean',
      default: true,
      doc: 'Whether the server enforces ifGenerationMatch=0 (GCS does; the firebase-tools emulator does not). false: no zombie fencing.',
    })
    // Azure Blob Storage
    .define('azblob.account.name', {
      type: 'string',
      default: null,
      doc: 'Storage account name (3–24 lowercase letters and digits); with azblob.account.key or azblob.sas.token.',
    })
    .define('azblob.account.key', { type: 'password', default: null, doc: 'Storage account key (shared key).' })
    .define('azblob.connection.string', {
      type: 'password',
      default: null,
      doc: 'A storage connection string (account, key or SAS, and endpoint), instead of the other azblob credential keys.',
    })
    .define('azblob.sas.token', {
      type: 'password',
      default: null,
      doc: 'A shared access signature (the query string, with or without the leading ?).',
    })
    .define('azblob.block.size', {
      type: 'int',
      default: 8 * MIB,
      validators: [range({ min: 1, max: 4000 * MIB })],
      doc: 'Bytes per staged block, up to 4000 MiB.',
    })
    .define('azblob.conditional.create', {
      type: 'boolean',
      default: true,
      doc: 'Whether the server enforces If-None-Match: * (Azure and Azurite do). false: no zombie fencing.',
    })
    // Alibaba Cloud OSS
    .define('oss.region', { type: 'string', default: null, doc: 'OSS region, e.g. oss-cn-hangzhou (or oss.endpoint).' })
    .define('oss.endpoint', {
      type: 'string',
      default: null,
      doc: 'OSS endpoint, e.g. https://oss-cn-hangzhou.aliyuncs.com (instead of, or with, oss.region).',
    })
    .define('oss.access.key.id', { type: 'string', default: null, doc: 'AccessKey id (or an STS one).' })
    .define('oss.access.key.secret', { type: 'password', default: null, doc: 'AccessKey secret.' })
    .define('oss.security.token', {
      type: 'password',
      default: null,
      doc: 'STS security token, with temporary access keys.',
    })
    .define('oss.part.size', {
      type: 'int',
      default: 8 * MIB,
      validators: [atLeast(100 * KIB)],
      doc: 'Multipart part size in bytes; OSS needs at least 100 KiB (102400).',
    })
    .define('oss.conditional.create', {
      type: 'boolean',
      default: true,
      doc: 'Whether writes send x-oss-forbid-overwrite: true (OSS enforces it). false: no zombie fencing.',
    })
    .include(storeTimeoutConfigDef());

export type StoreConfigValues = ReturnType<ReturnType<typeof storeConfigDef>['parse']>['values'];
