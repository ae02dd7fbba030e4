import { DataError, type Schema, SchemaProjector, type SinkRecord } from '@sinkkit/core';

/**
 * `record` with its value projected onto `schema` (Kafka Connect's `SchemaProjector`), as
 * Confluent's storage connectors write a record into a file of another compatible schema. The
 * key, headers, offset and timestamp carry over. A value that cannot be projected (a required
 * field the record lacks, with no default) is a `DataError` located at the record, handled per
 * `errors.tolerance` like any bad record.
 */
export function projectRecord(record: SinkRecord, schema: Schema | null): SinkRecord {
  const source = record.valueSchema;
  if (source === schema || source === null || schema === null || source.equals(schema)) return record;
  try {
    return record.newRecord({ value: SchemaProjector.project(source, record.value, schema), valueSchema: schema });
  } catch (error) {
    throw DataError.at(record, error);
  }
}
