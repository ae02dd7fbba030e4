import { Headers, SinkRecord } from '@sinkkit/core';
import { TenantPartitioner } from './tenant-partitioner.js';

// Configured as the storage sink would configure it; in a sink, register it by name:
// new StorageSinkTask({ partitioners: { TenantPartitioner } }) and partitioner.class=TenantPartitioner.
const partitioner = new TenantPartitioner();
partitioner.configure({ 'timestamp.extractor': 'Record', timezone: 'Europe/Paris' });

const at = Date.parse('2024-07-14T09:30:00Z');
for (const [offset, tenant] of ['acme', '../globex', null].entries()) {
  const headers = new Headers();
  if (tenant !== null) headers.addString('tenant', tenant);
  const record = new SinkRecord({ topic: 'events', kafkaPartition: 0, kafkaOffset: offset, timestamp: at, headers });
  console.log(partitioner.partitionedPath('events', partitioner.encodePartition(record)));
}
