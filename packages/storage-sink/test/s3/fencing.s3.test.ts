import { ManualClock, topicPartition } from '@sinkkit/core';
import { S3Storage } from '@sinkkit/storage-s3';
import { type FaultProxy, seededRandom, startFaultProxy, useTestEnvironment } from '@sinkkit/testkit';
import { committedBatches } from '@sinkkit/wal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageSinkTask } from '../../src/index.js';
import {
  audit,
  baseProps,
  FakeConsumer,
  readOutput,
  records,
  SpreadPartitioner,
  sourceOf,
} from '../support/harness.js';
import { auditStorage, newBucket, s3Client } from './support/s3-sink.js';

const env = useTestEnvironment({ s3: true }, { beforeAll, afterAll });
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy({ target: env.current.s3.endpoint, enforceCreateOnly: true });
});
afterAll(() => proxy?.stop());

const RECORDS = 306;

/**
 * How batches rotate, and where the last one ends. Size: 3 spread buckets, flush.size 12, so a
 * batch (3 files) commits every 34 records, all 306 end committed. Record time: a batch commits
 * before the record 17 ms newer than its first (timestamps are the offsets), so the batch
 * 289-305 stays open; this commit happens in the middle of writing a record.
 */
const ROTATIONS = [
  { name: 'size (flush.size, 3 files per batch)', props: { 'flush.size': '12' }, end: 306n },
  { name: 'record time (rotate.interval.ms)', props: { 'flush.size': '1000', 'rotate.interval.ms': '17' }, end: 289n },
] as const;
const WAL_ENTRY = /^_sinkkit\/wal\/orders\/0\/(\d+)\.json$/;

/** An S3Storage that remembers which WAL seqs its putIfAbsent created and which it found taken. */
class ObservedS3Storage extends S3Storage {
  readonly created: number[] = [];
  readonly taken: number[] = [];
  override async putIfAbsent(key: string, body: Uint8Array): Promise<'created' | 'exists'> {
    const outcome = await super.putIfAbsent(key, body);
    const seq = WAL_ENTRY.exec(key)?.[1];
    if (seq !== undefined) (outcome === 'created' ? this.created : this.taken).push(Number(seq));
    return outcome;
  }
}

/** Counts the seeks the task asked for and the consumer applied. */
class CountingConsumer extends FakeConsumer {
  applied = 0;
  override applySeeks(): void {
    this.applied += this.seeks.length;
    super.applySeeks();
  }
}

async function owner(bucket: string, writerId: string, props: Readonly<Record<string, string>>) {
  // Its own client and storage, as a separate process would have; both go through the proxy.
  const storage = new ObservedS3Storage({ client: s3Client(env.current.s3, proxy.url), bucket, listStaged: false });
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  clock.sleep = async () => {};
  const task = new StorageSinkTask({ storage, clock, partitioner: new SpreadPartitioner(), writerId });
  await task.start({ ...baseProps, 'spread.buckets': '3', ...props });
  return { storage, task };
}

describe('fencing on S3: a stale owner and a new owner write the same partition through the create-only proxy', () => {
  it.each(ROTATIONS)(
    'rotation by $name: each seq is committed by exactly one of them, the other aborts and re-seeks; output exactly once',
    async ({ props, end }) => {
      const bucket = await newBucket(env.current.s3);
      const tp = topicPartition('orders', 0);
      const all = records('orders', 0, RECORDS);
      const source = sourceOf(all);
      const before = proxy.requests.length;

      const z = await owner(bucket, 'zombie', props);
      const stale = new CountingConsumer(source);
      z.task.initialize(stale.context);
      await z.task.open([tp]);
      stale.applySeeks();
      for (let i = 0; i < 5; i++) await stale.step(z.task, 10); // commits at least once before the takeover
      await z.task.settle();
      await stale.commit(z.task);
      // A rebalance the zombie did not notice: the new owner takes the partition over from Kafka's offsets.
      const o = await owner(bucket, 'owner', props);
      const fresh = new CountingConsumer(source, stale.committed);
      o.task.initialize(fresh.context);
      await o.task.open([tp]);
      fresh.applySeeks();
      const seeksAtTakeover = { zombie: stale.applied, owner: fresh.applied };
      // Both keep writing, interleaved, in batch sizes that vary (seeded). A fenced writer restarts
      // from the winner's offset while the winner is already into its next batch, so whoever reads
      // faster wins; which one does flips every few rounds, so each wins races and each is fenced.
      const random = seededRandom(7);
      const size = (fast: boolean) => (fast ? 18 + Math.floor(random() * 21) : 2 + Math.floor(random() * 7));
      let going = true;
      for (let round = 0; going; round++) {
        const zombieFaster = Math.floor(round / 6) % 2 === 1;
        // Each step waits for the commits it started (they run in the background otherwise), so
        // which writer reaches a seq first follows the step sizes, not the proxy's timing.
        const zombieMoved = await stale.step(z.task, size(zombieFaster));
        await z.task.settle();
        const ownerMoved = await fresh.step(o.task, size(!zombieFaster));
        await o.task.settle();
        going = zombieMoved || ownerMoved;
      }
      await fresh.commit(o.task);
      await stale.commit(z.task);

      // The history is one chain, each seq written by exactly one of them; each batch's files lie in
      // its offset range and fill it exactly.
      const reader = auditStorage(env.current.s3, bucket);
      const batches = await committedBatches(reader, tp);
      for (const b of batches) {
        const from = b.fromOffset ?? 0n;
        const to = b.nextOffset ?? from;
        expect(BigInt(b.files.reduce((n, f) => n + f.recordCount, 0) + b.skipped), `seq ${b.seq}`).toBe(to - from);
        for (const f of b.files) {
          expect(f.startOffset).toBeGreaterThanOrEqual(from);
          expect(f.endOffset).toBeLessThan(to);
        }
      }
      const seqs = batches.map((b) => b.seq);
      expect([...z.storage.created, ...o.storage.created].sort((a, b) => a - b)).toEqual(seqs);
      expect(z.storage.created.filter((s) => o.storage.created.includes(s))).toEqual([]);
      // Both lost races: every seq one of them found taken was created by the other.
      expect(z.storage.taken.length).toBeGreaterThan(0);
      expect(o.storage.taken.length).toBeGreaterThan(0);
      expect(z.storage.taken.every((s) => o.storage.created.includes(s))).toBe(true);
      expect(o.storage.taken.every((s) => z.storage.created.includes(s))).toBe(true);
      const writers = new Set(batches.filter((b) => b.files.length > 0).map((b) => b.writerId));
      expect(writers).toEqual(new Set(['zombie', 'owner']));
      // Each loser re-seeked: asked its consumer to move back to the winner's offset.
      expect(stale.applied).toBeGreaterThan(seeksAtTakeover.zombie);
      expect(fresh.applied).toBeGreaterThan(seeksAtTakeover.owner);

      // The proxy answered 412 to the losing create-only writes (the commit points it refused).
      const refused = proxy.requests
        .slice(before)
        .filter((r) => r.method === 'PUT' && r.createOnly?.outcome === 'exists' && r.path.includes('/_sinkkit/wal/'));
      expect(refused.length).toBe(z.storage.taken.length + o.storage.taken.length);
      expect(refused.every((r) => r.status === 412)).toBe(true);

      // Output: every record up to the last committed offset exactly once, nothing beyond, and
      // every object in the bucket is a file of a committed batch (no fenced data became visible).
      const last = batches.at(-1)?.nextOffset ?? 0n;
      expect(last).toBe(end);
      const output = await readOutput(reader);
      const committed = all.filter((r) => r.kafkaOffset < last);
      expect(audit(output.counts, committed)).toEqual({ duplicates: [], missing: [], unexpected: [] });
      const listed = new Set(batches.flatMap((b) => b.files.map((f) => f.key)));
      expect([...output.files.keys()].sort()).toEqual([...listed].sort());
      console.info(
        `S3 fencing: ${batches.length} seqs (${batches.filter((b) => b.writerId === 'zombie').length} zombie, ${batches.filter((b) => b.writerId === 'owner').length} owner), ${refused.length} commit points refused with 412, ${output.files.size} files, ${committed.length} records`,
      );
    },
    30_000,
  );
});
