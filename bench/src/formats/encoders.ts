import * as zlib from 'node:zlib';
import type { SinkRecord } from '@sinkkit/core';
import { type Format, type RecordWriter, topicPartition } from '@sinkkit/core';
import { AvroFormat } from '@sinkkit/format-avro';
import { ParquetFormat } from '@sinkkit/format-parquet';
import { CsvFormat, JsonFormat } from '@sinkkit/formats';
import { BenchError } from '../errors.js';
import { EVENT_SCHEMA, type EventInput, type PlainEvent } from './flat-events.js';

/** One variant of the format-encode scenario, run in a child: fed batches, then asked for its output size. */
export interface Encoder {
  readonly input: EventInput;
  encode(batch: readonly (SinkRecord | PlainEvent)[]): Promise<void>;
  /** Finishes the output (a file's footer) and returns the bytes it produced in all. */
  finish(): Promise<number>;
}

/** The variants, in the order the scenario runs them: the baseline first, then each format and codec. */
export const ENCODERS: readonly { name: string; format?: () => Format; config?: Record<string, string> }[] = [
  { name: 'json-stringify' },
  { name: 'jsonl', format: () => new JsonFormat() },
  { name: 'jsonl-gzip', format: () => new JsonFormat(), config: { 'format.compression.type': 'gzip' } },
  { name: 'csv', format: () => new CsvFormat() },
  { name: 'avro-null', format: () => new AvroFormat(), config: { 'avro.codec': 'null' } },
  { name: 'avro-deflate', format: () => new AvroFormat(), config: { 'avro.codec': 'deflate' } },
  { name: 'avro-snappy', format: () => new AvroFormat(), config: { 'avro.codec': 'snappy' } },
  { name: 'parquet-snappy', format: () => new ParquetFormat(), config: { 'parquet.codec': 'snappy' } },
  { name: 'parquet-gzip', format: () => new ParquetFormat(), config: { 'parquet.codec': 'gzip' } },
  { name: 'parquet-zstd', format: () => new ParquetFormat(), config: { 'parquet.codec': 'zstd' } },
  { name: 'parquet-none', format: () => new ParquetFormat(), config: { 'parquet.codec': 'none' } },
];

/** Whether this Node can run the variant (zstd needs zlib's zstd, Node 22.15 or later). */
export function encoderAvailable(name: string): boolean {
  return !name.endsWith('-zstd') || typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
}

/** The encoder of the variant `name`, for the child. */
export async function encoderFor(name: string): Promise<Encoder> {
  const variant = ENCODERS.find((e) => e.name === name);
  if (!variant) throw new BenchError(`unknown format-encode variant ${name}`);
  if (!variant.format) return stringifyEncoder();
  const format = variant.format();
  format.configure(variant.config ?? {});
  let bytes = 0;
  const writer: RecordWriter = format.recordWriterProvider().open(
    {
      write: async (chunk) => {
        bytes += chunk.length;
      },
    },
    {
      topicPartition: topicPartition('events', 0),
      encodedPartition: 'partition=0',
      key: 'events',
      schema: EVENT_SCHEMA,
    },
  );
  return {
    input: 'records',
    async encode(batch) {
      // One file for the whole run: a format must stream, whatever the file's size.
      for (const record of batch as readonly SinkRecord[]) {
        const pending = writer.write(record);
        if (pending) await pending;
      }
    },
    async finish() {
      await writer.commit();
      return bytes;
    },
  };
}

/** The baseline: `JSON.stringify` of a plain object per event, plus a newline. */
function stringifyEncoder(): Encoder {
  let bytes = 0;
  return {
    input: 'plain',
    async encode(batch) {
      for (const event of batch) bytes += JSON.stringify(event).length + 1;
    },
    async finish() {
      return bytes;
    },
  };
}
