import { randomBytes } from 'node:crypto';
import { S3Storage } from '@sinkkit/storage-s3';
import {
  type FaultProxy,
  faults,
  type ProxiedRequest,
  produceRecords,
  startFaultProxy,
  useTestEnvironment,
} from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditHistory,
  auditIds,
  auditStorage,
  newBucket,
  readBack,
  runtimeProps,
  runUntilCommitted,
  s3Client,
} from './support/s3-sink.js';

const RECORDS = 2_400;
const PARTITIONS = 4;
const FLUSH_SIZE = 30; // 600 records per partition: 20 files each, 80 in all

const env = useTestEnvironment({ kafka: true, s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true, seed: 42 });
});
afterAll(() => proxy?.stop());

// The S3 requests of the commit protocol, as the proxy sees them.
const isCreateUpload = (r: ProxiedRequest) => r.method === 'POST' && r.query.has('uploads');
const isPart = (r: ProxiedRequest) => r.method === 'PUT' && r.query.has('partNumber');
const isComplete = (r: ProxiedRequest) => r.method === 'POST' && r.query.has('uploadId');
const isWalWrite = (r: ProxiedRequest) => r.method === 'PUT' && r.path.includes('/_sinkkit/wal/');

describe('storage faults through the proxy while the sink runs end to end', () => {
  it('503 SlowDown bursts and random 503s, resets before and after the server acted, cut reads, added latency: retried, nothing lost, nothing duplicated', async () => {
    const topic = `s3-faults-${randomBytes(4).toString('hex')}`;
    await env.current.kafka.createTopic(topic, PARTITIONS);
    const produced = await produceRecords(env.current.kafka.bootstrapServers, topic, RECORDS);
    const bucket = await newBucket(env.current.s3);
    const audit = auditStorage(env.current.s3, bucket);

    const rules = {
      // A burst at start-up on each kind of write, then 503s at random (seeded) on every request.
      // The first file's burst outlasts the adapter's 5 attempts: the writer itself must rewind,
      // before anything was committed (this lost the rest of the put until it was fixed).
      burstCreate: proxy.addFault({
        match: { predicate: isCreateUpload },
        when: { first: 6 },
        action: faults.s3SlowDown(),
      }),
      burstPart: proxy.addFault({ match: { predicate: isPart }, when: { first: 3 }, action: faults.s3SlowDown() }),
      burstComplete: proxy.addFault({
        match: { predicate: isComplete },
        when: { first: 3 },
        action: faults.s3SlowDown(),
      }),
      burstWal: proxy.addFault({ match: { predicate: isWalWrite }, when: { first: 3 }, action: faults.s3SlowDown() }),
      random503: proxy.addFault({ when: { probability: 0.1 }, action: faults.s3SlowDown() }),
      // Connections reset before the server saw the request…
      resetPart: proxy.addFault({ match: { predicate: isPart }, when: { every: 9 }, action: faults.reset() }),
      resetRead: proxy.addFault({ match: { method: 'GET' }, when: { every: 4 }, action: faults.reset() }),
      // …and after it acted, the answer lost: the commit point itself, completions, new uploads.
      lostWal: proxy.addFault({
        match: { predicate: isWalWrite },
        when: { every: 7 },
        action: faults.reset({ afterForward: true }),
      }),
      lostComplete: proxy.addFault({
        match: { predicate: isComplete },
        when: { every: 6 },
        action: faults.reset({ afterForward: true }),
      }),
      lostCreate: proxy.addFault({
        match: { predicate: isCreateUpload },
        when: { every: 11 },
        action: faults.reset({ afterForward: true }),
      }),
      // Reads cut off mid-body (WAL entries read at recovery and trim).
      cutRead: proxy.addFault({
        match: { method: 'GET', predicate: (r) => !r.query.has('list-type') },
        when: { every: 3 },
        action: faults.cut(),
      }),
      latency: proxy.addFault({ when: { every: 3 }, action: faults.latency(20) }),
    };
    const before = proxy.requests.length;
    let ms: number;
    try {
      ({ ms } = await runUntilCommitted({
        topic,
        produced,
        audit,
        // The Storage given in code: maxAttempts 1 so that the SDK does not retry and every fault
        // reaches sinkkit's classification and retries (the adapter's, then the writer's rewind
        // when the adapter gives up), with short back-offs so that hundreds of faults fit in CI.
        connector: {
          storage: new S3Storage({
            client: s3Client(env.current.s3, proxy.url, { maxAttempts: 1 }),
            bucket,
            conditionalCreate: true,
            listStaged: false,
            retry: { baseMs: 10, capMs: 200 },
          }),
        },
        config: {
          ...runtimeProps(env.current.kafka, topic),
          'flush.size': String(FLUSH_SIZE),
          'tasks.max': '1',
        },
      }));
    } finally {
      proxy.clearFaults();
    }

    const files = await readBack(s3Client(env.current.s3), bucket, topic);
    expect(auditIds(files, produced)).toEqual({ records: RECORDS, duplicates: [], missing: [], misplaced: [] });
    expect(files).toHaveLength(RECORDS / FLUSH_SIZE);
    const history = await auditHistory(audit, topic, files, produced);
    expect(history.problems).toEqual([]);

    // Every rule fired, and the proxy's log shows what the sink went through.
    const fired = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, rule.fired])) as Record<
      keyof typeof rules,
      number
    >;
    for (const [name, n] of Object.entries(fired)) expect(n, name).toBeGreaterThan(0);
    const requests = proxy.requests.slice(before);
    const faulted = requests.filter((r) => r.faults.length > 0);
    const slowDowns = requests.filter((r) => r.status === 503);
    const resets = requests.filter((r) => r.faults.some((f) => f.startsWith('reset')));
    expect(slowDowns.length).toBe(
      fired.burstCreate + fired.burstPart + fired.burstComplete + fired.burstWal + fired.random503,
    );
    expect(resets.length).toBe(
      fired.resetPart + fired.resetRead + fired.lostWal + fired.lostComplete + fired.lostCreate,
    );
    // A commit point whose answer was lost was written: its retry found the entry there (412),
    // and the adapter recognised it as its own rather than as another writer's.
    const walRefused = requests.filter((r) => r.createOnly?.outcome === 'exists' && r.path.includes('/_sinkkit/wal/'));
    expect(walRefused.length).toBeGreaterThan(0);
    console.info(
      `S3 faults: ${RECORDS} records, ${files.length} files, ${requests.length} S3 requests, ${faulted.length} faulted (${slowDowns.length} × 503, ${resets.length} resets, ${fired.cutRead} cut reads, ${fired.latency} delayed), ${walRefused.length} lost commit answers recognised, ${ms} ms`,
    );
  }, 120_000);
});
