import { execFileSync } from 'node:child_process';
import { Headers, ManualClock, SinkRecord, TopicPartitionMap, topicPartition } from '@sinkkit/core';
import { StorageSinkTask } from '@sinkkit/storage-sink';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { TenantPartitioner } from '../../examples/custom-partitioner/src/tenant-partitioner.js';

describe('examples/custom-partitioner', () => {
  it('prints the keys its README shows', () => {
    const out = execFileSync(process.execPath, ['examples/custom-partitioner/dist/main.js'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
    });
    expect(out.trim().split('\n')).toEqual([
      'events/tenant=acme/year=2024/month=07/day=14/hour=11',
      'events/tenant=..%2Fglobex/year=2024/month=07/day=14/hour=11',
      'events/tenant=__HIVE_DEFAULT_PARTITION__/year=2024/month=07/day=14/hour=11',
    ]);
  });

  it('works in the storage sink when registered by name', async () => {
    const storage = new MemoryStorage();
    const clock = new ManualClock(Date.UTC(2024, 6, 14));
    const task = new StorageSinkTask({ storage, clock, partitioners: { TenantPartitioner } });
    task.initialize({
      configs: () => ({}),
      offset: () => {},
      timeout: () => {},
      assignment: () => [],
      pause: () => {},
      resume: () => {},
      requestCommit: () => {},
      errantRecordReporter: () => null,
    });
    await task.start({
      'format.class': 'json',
      'flush.size': '1',
      'partitioner.class': 'TenantPartitioner',
      'timestamp.extractor': 'Record',
    });
    const tp = topicPartition('events', 0);
    await task.open([tp]);
    await task.put(
      ['acme', '../globex'].map(
        (tenant, i) =>
          new SinkRecord({
            topic: 'events',
            kafkaPartition: 0,
            kafkaOffset: i,
            value: { i },
            timestamp: Date.UTC(2024, 6, 14, 9),
            headers: new Headers().addString('tenant', tenant),
          }),
      ),
    );
    await task.put([]);
    const offsets = await task.preCommit(new TopicPartitionMap());
    expect(offsets.get(tp)?.offset).toBe(2n);
    const keys = (await storage.list('topics/')).objects.map((o) => o.key).sort();
    expect(keys).toEqual([
      'topics/events/tenant=..%2Fglobex/year=2024/month=07/day=14/hour=09/events+0+0000000001.json',
      'topics/events/tenant=acme/year=2024/month=07/day=14/hour=09/events+0+0000000000.json',
    ]);
    await task.stop();
  });
});
