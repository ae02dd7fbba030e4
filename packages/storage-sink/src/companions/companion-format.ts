import type { RecordWriterProvider } from '@sinkkit/core';
import { headersView, keyView, type RecordView } from './record-views.js';

/**
 * A file written beside each value file, one record per value record in the same order
 * (`store.kafka.keys`, `store.kafka.headers`): named like the value file with `.<tag>` before
 * its own format's extension, e.g. `orders+0+0000000000.keys.avro`, as Confluent's S3 sink
 * names them. It is staged, closed and listed in the same WAL entry as its value file.
 */
export interface CompanionFormat {
  /** `keys` or `headers`. */
  readonly tag: 'keys' | 'headers';
  /** The companion's format (`keys.format.class`, `headers.format.class`). */
  readonly provider: RecordWriterProvider;
  /** What the companion holds of each record. */
  readonly view: RecordView;
}

/** Whether the format's rows must be structs (Parquet), so a key or the header list is wrapped in one. */
const needsStruct = (provider: RecordWriterProvider) => provider.extension.endsWith('.parquet');
/** Confluent's JSON format wraps the header list too (`{"headers": [...]}` per line; JsonRecordWriterProvider). */
const wrapsHeaders = (provider: RecordWriterProvider) => needsStruct(provider) || provider.extension.endsWith('.json');

/** The companions to write, from the keys' and the headers' formats (either may be absent). */
export function companionFormats(keys?: RecordWriterProvider, headers?: RecordWriterProvider): CompanionFormat[] {
  const out: CompanionFormat[] = [];
  if (keys) out.push({ tag: 'keys', provider: keys, view: keyView(needsStruct(keys)) });
  if (headers) out.push({ tag: 'headers', provider: headers, view: headersView(wrapsHeaders(headers)) });
  return out;
}
