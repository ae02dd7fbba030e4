import { type Schema, SinkRecord, topicPartition } from '@sinkkit/core';
import { AvroFormat } from '../../src/index.js';

/** Writes `values` (of `schema`) as one Avro container file through AvroFormat; returns its bytes. */
export async function writeAvro(
  schema: Schema,
  values: unknown[],
  config: Record<string, string> = {},
): Promise<Uint8Array> {
  const format = new AvroFormat();
  format.configure(config);
  const chunks: Buffer[] = [];
  const writer = format
    .recordWriterProvider()
    .open(
      { write: async (c) => void chunks.push(Buffer.from(c)) },
      { topicPartition: topicPartition('t', 0), encodedPartition: 'p', key: 'k', schema },
    );
  for (const [i, value] of values.entries()) {
    await writer.write(new SinkRecord({ topic: 't', kafkaPartition: 0, kafkaOffset: i, value, valueSchema: schema }));
  }
  await writer.commit();
  return Buffer.concat(chunks);
}
