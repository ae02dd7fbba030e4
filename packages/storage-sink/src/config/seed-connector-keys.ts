import type { ConfigProblem } from '@sinkkit/core';

/**
 * Keys of the connectors users migrate from — the Alluxio Kafka connector, Qubole's StreamX and
 * Alibaba Cloud's OSS connector — that this sink does not define. Where a key means what one of
 * ours means it is accepted as an alias (its value moved to our key, with a notice); otherwise
 * the notice says what to use instead. docs/migrating-from-other-connectors.md shows each
 * connector's example configuration turned into ours.
 */
interface SeedKey {
  readonly connector: 'Alluxio' | 'StreamX' | 'OSS';
  /** Our key this one is an alias of, or `undefined` when it is not one. */
  readonly target?: string;
  /** The value of our key, or `undefined` when the value cannot be carried over (then: notice only). */
  readonly convert?: (value: string) => string | undefined;
  /** What to use instead, for the notice. */
  readonly advice: string;
}

const ALLUXIO_JSON = 'alluxio.kafka.connect.format.JsonFormat';
const OSS_STORAGE = 'com.aliyun.oss.connect.kafka.storage.OSSStorage';
const S3_URL = /^s3[an]?:\/\/([^/]+)(\/.*)?$/i;

const SEED_KEYS: ReadonlyMap<string, SeedKey> = new Map<string, SeedKey>([
  [
    'alluxio.url',
    {
      connector: 'Alluxio',
      advice:
        "not used: write through Alluxio's S3 API with store.url=s3://<bucket>/<prefix>, store.url.endpoint=http://<alluxio-proxy>:39999/api/v1/s3 and s3.path.style.access.enabled=true",
    },
  ],
  ['rotation.num', { connector: 'Alluxio', target: 'flush.size', convert: (v) => v, advice: 'read as flush.size' }],
  [
    'rotation.time.interval.ms',
    {
      connector: 'Alluxio',
      advice:
        'not used (disabled, as in the Alluxio example, it changes nothing): Alluxio rotates when a write comes this long after the last rotation, by the wall clock; use rotate.schedule.interval.ms (wall clock, idle partitions too) or rotate.interval.ms (record time)',
    },
  ],
  [
    'alluxio.format',
    {
      connector: 'Alluxio',
      target: 'format.class',
      convert: (v) => (v.trim() === ALLUXIO_JSON ? 'json' : undefined),
      advice: `read as format.class=json when it is ${ALLUXIO_JSON}; otherwise set format.class`,
    },
  ],
  [
    'retry.time.interval.ms',
    {
      connector: 'Alluxio',
      advice:
        'not used: each store adapter retries throttling, 5xx and broken connections with its own jittered back-off; errors.retry.timeout bounds conversion retries',
    },
  ],
  [
    's3.url',
    {
      connector: 'StreamX',
      target: 'store.url',
      convert: (v) => {
        const match = S3_URL.exec(v.trim());
        return match ? `s3://${match[1]}${(match[2] ?? '').replace(/\/+$/, '')}` : undefined;
      },
      advice: 'read as store.url (s3a:// and s3n:// become s3://); it must be s3://bucket/prefix',
    },
  ],
  [
    'oss.bucket',
    {
      connector: 'OSS',
      target: 'store.url',
      convert: (v) => (v.trim() === '' || v.includes('/') ? undefined : `oss://${v.trim()}`),
      advice: 'read as store.url=oss://<bucket>; set store.url=oss://<bucket>/<prefix> to write under a prefix',
    },
  ],
  [
    'oss.parquet.protobuf.schema.class',
    {
      connector: 'OSS',
      advice:
        "not used: Parquet takes its columns from the record's Connect schema; use value.converter=org.apache.kafka.connect.json.JsonConverter with schemas.enable=true (or Avro) and format.class=parquet",
    },
  ],
]);

/** What {@link resolveSeedKeys} made of the properties. */
export interface SeedKeyResolution {
  /** The properties with every alias moved to its target key (aliases themselves kept). */
  readonly props: Record<string, unknown>;
  /** One notice per seed-connector key present: the key, what it was read as or what to use instead. Never a value. */
  readonly notices: readonly string[];
  /** An alias whose value cannot be carried over, or that contradicts its target. */
  readonly problems: readonly ConfigProblem[];
}

/** The seed-connector keys this sink recognises (aliases and keys it only warns about). */
export const SEED_CONNECTOR_KEYS: readonly string[] = [...SEED_KEYS.keys()];

/**
 * Applies the aliases of {@link SEED_KEYS} to `props`: `rotation.num` → `flush.size`,
 * `s3.url=s3://bucket/prefix` → `store.url`, `oss.bucket` → `store.url=oss://bucket`,
 * `alluxio.format=<Alluxio's JsonFormat>` → `format.class=json`. An alias set beside its target
 * with another meaning is a problem on the alias (e.g. `oss.bucket=a` with `store.url=oss://b/x`);
 * the same meaning is accepted. Pure: nothing is logged here.
 */
export function resolveSeedKeys(props: Readonly<Record<string, unknown>>): SeedKeyResolution {
  const out: Record<string, unknown> = { ...props };
  const notices: string[] = [];
  const problems: ConfigProblem[] = [];
  const storageClass = props['storage.class'];
  if (typeof storageClass === 'string' && storageClass.trim() === OSS_STORAGE) {
    out['storage.class'] = 'oss';
    notices.push(`storage.class (OSS connector): ${OSS_STORAGE} read as oss`);
  }
  for (const [key, seed] of SEED_KEYS) {
    const raw = props[key];
    if (raw === undefined || raw === null) continue;
    const text = String(raw);
    const prefix = `${key} (${seed.connector} connector)`;
    if (!seed.target || !seed.convert) {
      notices.push(`${prefix}: ${seed.advice}`);
      continue;
    }
    const value = seed.convert(text);
    if (value === undefined) {
      if (key === 'alluxio.format') notices.push(`${prefix}: not used: ${seed.advice}`);
      else problems.push({ key, value: key === 's3.url' ? shownUrl(text) : text, reason: seed.advice });
      continue;
    }
    const existing = out[seed.target];
    if (existing === undefined || existing === null) {
      out[seed.target] = value;
      // A class name is no secret, and says exactly what was assumed; URLs are not repeated.
      notices.push(`${prefix}: ${key === 'alluxio.format' ? `read as format.class=${value}` : seed.advice}`);
      continue;
    }
    if (!sameMeaning(seed.target, String(existing), value)) {
      problems.push({
        key,
        value: key === 's3.url' ? shownUrl(text) : text,
        reason: `contradicts ${seed.target}=${seed.target === 'store.url' ? shownUrl(String(existing)) : String(existing)}; remove one of them`,
      });
      continue;
    }
    notices.push(`${prefix}: agrees with ${seed.target}, which is used; remove ${key}`);
  }
  return { props: out, notices, problems };
}

/** Whether our key's value `existing` and the alias's converted `value` say the same. */
function sameMeaning(target: string, existing: string, value: string): boolean {
  if (target !== 'store.url') return existing.trim() === value;
  // oss.bucket names only the bucket: it agrees with any prefix of that bucket.
  const bucketOf = (url: string) => /^([a-z0-9]+:\/\/[^/]+)/i.exec(url.trim())?.[1]?.toLowerCase();
  const strip = (url: string) => url.trim().replace(/\/+$/, '');
  return value.startsWith('oss://') && !value.slice(6).includes('/')
    ? bucketOf(existing) === value.toLowerCase()
    : strip(existing) === strip(value);
}

/** A URL as it may be printed: without userinfo or query (they may hold credentials). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return `${parsed.protocol}//${parsed.hostname}${parsed.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}
