import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInChild } from '../in-child.js';
import { partitionsFor, prepareTopic } from '../kafka/prepare-topic.js';
import type { ChildFigures, Scenario } from '../scenario.js';
import { flushSizeDividing, VALUE_BYTES } from '../sink/sink-scenario.js';
import type { SinkSubject } from '../sink/sink-subject.js';

/** Kafka's SMTs as a connector file names them: three common ones, in a chain. */
const SMT_CHAIN: Record<string, string> = {
  transforms: 'insert,mask,rename',
  'transforms.insert.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
  'transforms.insert.offset.field': 'kafka_offset',
  'transforms.insert.topic.field': 'kafka_topic',
  'transforms.mask.type': 'org.apache.kafka.connect.transforms.MaskField$Value',
  'transforms.mask.fields': 'pad',
  'transforms.rename.type': 'org.apache.kafka.connect.transforms.ReplaceField$Value',
  'transforms.rename.renames': 'id:event_id',
};

/**
 * What a chain of three SMTs (InsertField, MaskField, ReplaceField) costs the storage sink: the
 * sink into a local folder with the chain, against the same sink without it on the same topic
 * in the same run. Values are read as schemaless JSON (JsonConverter, schemas.enable=false),
 * which the SMTs need (they work on maps or Structs). Goal: the chain costs at most 15 %.
 */
export const sinkFsSmtChain: Scenario = {
  name: 'sink-fs-smt-chain',
  description: `storage sink (JSON, schemaless) → FsStorage with a 3-SMT chain vs the same sink without SMTs; ${VALUE_BYTES}-byte values`,
  async run(ctx) {
    const cluster = await ctx.startKafkaCluster();
    const partitions = partitionsFor(ctx.records, VALUE_BYTES);
    const records = Math.ceil(ctx.records / partitions) * partitions;
    ctx.log(`producing ${records.toLocaleString('en-US')} records onto ${partitions} partitions`);
    const topic = await prepareTopic(cluster, { partitions, records, valueBytes: VALUE_BYTES });
    const root = await mkdtemp(join(tmpdir(), 'sinkkit-bench-smt-'));
    const sink = (folder: string, extra: Record<string, string>): Promise<ChildFigures> => {
      const subject: SinkSubject = {
        bootstrapServers: cluster.bootstrapServers,
        topic: topic.name,
        partitions,
        records,
        valueBytes: VALUE_BYTES,
        sinkProps: {
          'format.class': 'json',
          'flush.size': String(flushSizeDividing(records / partitions, 10_000)),
          'sinkkit.consumer.thread': 'worker',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          'store.url': `file://${join(root, folder)}`,
          ...extra,
        },
      };
      return measureInChild(new URL('../children/storage-sink.js', import.meta.url), [JSON.stringify(subject)]);
    };
    try {
      ctx.log('baseline: the storage sink without SMTs, in a child process');
      const baseline = await sink('plain', {});
      ctx.log('subject: the same sink with InsertField, MaskField and ReplaceField, in a child process');
      const subject = await sink('smt', SMT_CHAIN);
      return {
        subject,
        baseline: { name: 'the same sink without SMTs', ...baseline },
        extra: {
          partitions,
          valueBytes: VALUE_BYTES,
          transforms: 'InsertField$Value,MaskField$Value,ReplaceField$Value',
          goalRatio: 0.85,
          baselineCpuSeconds: Math.round(baseline.cpuSeconds * 1000) / 1000,
          cpuRatio: Math.round((baseline.cpuSeconds / subject.cpuSeconds) * 1000) / 1000,
        },
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
