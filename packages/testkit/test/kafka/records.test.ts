import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KafkaCluster, produceRecords, readRecords, recordValue, startKafkaCluster } from '../../src/index.js';

describe('produceRecords / readRecords', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafkaCluster({
      brokers: 2,
      topics: [
        { name: 'padded', partitions: 6 },
        { name: 'sparse', partitions: 4 },
      ],
    });
  });
  afterAll(() => cluster?.stop());

  it('pads values to the requested size', () => {
    expect(recordValue(7)).toBe('{"id":7}');
    expect(recordValue(7, 40)).toHaveLength(40);
    expect(JSON.parse(recordValue(7, 40))).toMatchObject({ id: 7 });
    expect(recordValue(12345, 5)).toBe('{"id":12345}');
  });

  it('produces known ids round-robin and reads every one back where it was written', async () => {
    const produced = await produceRecords(cluster.bootstrapServers, 'padded', 3_000, {
      valueBytes: 256,
      batchSize: 700,
    });
    expect([...produced.idsByPartition.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(produced.idsByPartition.get(1)?.slice(0, 3)).toEqual([1, 7, 13]);
    expect([...produced.nextOffsets.values()]).toEqual([500, 500, 500, 500, 500, 500]);

    const read = await readRecords(cluster.bootstrapServers, 'padded', { count: 3_000 });
    expect(read).toHaveLength(3_000);
    const written = new Map(produced.records.map((r) => [r.id, r]));
    for (const record of read) {
      expect(record.value).toHaveLength(256);
      expect(record.key).toBe(String(record.id));
      expect(written.get(record.id ?? -1)).toEqual({
        id: record.id,
        partition: record.partition,
        offset: record.offset,
      });
    }
  });

  it('fills only the first partitions when asked, and stops reading when the topic goes idle', async () => {
    const produced = await produceRecords(cluster.bootstrapServers, 'sparse', 10, { partitions: 2, firstId: 100 });
    expect(produced.idsByPartition).toEqual(
      new Map([
        [0, [100, 102, 104, 106, 108]],
        [1, [101, 103, 105, 107, 109]],
      ]),
    );
    // Asks for more than there is: returns what exists once nothing more arrives.
    const read = await readRecords(cluster.bootstrapServers, 'sparse', { count: 50, idleTimeoutMs: 500 });
    expect(read.map((r) => [r.partition, r.offset, r.id])).toEqual(
      produced.records
        .map((r) => [r.partition, r.offset, r.id])
        .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)),
    );
  });
});
