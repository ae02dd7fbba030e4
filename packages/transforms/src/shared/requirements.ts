import { DataError, type SinkRecord, Struct } from '@sinkkit/core';

/** A schemaless record's map value: a plain object (as converters give) or a `Map`. */
export type SchemalessMap = Record<string, unknown>;

/** A data error naming the record, so `errors.tolerance` reports where it came from. */
export function recordError(record: SinkRecord, message: string): DataError {
  return new DataError(message, {
    topic: record.originalTopic,
    partition: record.originalKafkaPartition,
    offset: record.originalKafkaOffset,
  });
}

/** True for a plain object usable as a schemaless map (not a Struct, array, Date or bytes). */
export function isSchemalessMap(value: unknown): value is SchemalessMap {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The schemaless value as a plain object, as Kafka's `Requirements.requireMap` checks it; a
 * `Map` with string keys is copied into one. Throws a data error naming `purpose` otherwise.
 */
export function requireMap(value: unknown, purpose: string, record: SinkRecord): SchemalessMap {
  if (isSchemalessMap(value)) return value;
  if (value instanceof Map && [...value.keys()].every((k) => typeof k === 'string'))
    return Object.fromEntries(value) as SchemalessMap;
  throw recordError(
    record,
    `Only Map objects supported in absence of schema for [${purpose}], found: ${describe(value)}`,
  );
}

/**
 * A copy of the schemaless map `value` (see {@link requireMap}) that the caller may change.
 * Copied key by key rather than with `{ ...map }`: V8 gives a spread copy a shape that turns
 * slow when keys are then added (3 µs per record against 0.1 µs, measured), and adding keys is
 * what InsertField and friends do.
 */
export function copyMap(value: unknown, purpose: string, record: SinkRecord): SchemalessMap {
  const map = requireMap(value, purpose, record);
  const copy: SchemalessMap = {};
  for (const key in map) if (Object.hasOwn(map, key)) copy[key] = map[key];
  return copy;
}

/** The value as a Struct, as Kafka's `Requirements.requireStruct` checks it. */
export function requireStruct(value: unknown, purpose: string, record: SinkRecord): Struct {
  if (value instanceof Struct) return value;
  throw recordError(record, `Only Struct objects supported for [${purpose}], found: ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}
