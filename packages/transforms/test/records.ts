import { type Schema, SinkRecord, type SinkRecordInit, Struct, type Transformation } from '@sinkkit/core';

/** A record on `orders`/2 at offset 42 with a fixed timestamp, plus `init`. */
export function record(init: Partial<SinkRecordInit> = {}): SinkRecord {
  return new SinkRecord({
    topic: 'orders',
    kafkaPartition: 2,
    kafkaOffset: 42n,
    timestamp: 1_700_000_000_000,
    ...init,
  });
}

/** A record whose value is `value` with `valueSchema` (schemaless when omitted). */
export function withValue(value: unknown, valueSchema: Schema | null = null): SinkRecord {
  return record({ value, valueSchema });
}

/** A new transformation of class `T`, configured with `configs`. */
export function configured<T extends Transformation>(T: new () => T, configs: Record<string, unknown>): T {
  const transformation = new T();
  transformation.configure(configs);
  return transformation;
}

/** The Struct value of a transformed record (fails the test when the record was dropped). */
export function structValue(out: SinkRecord | null): Struct {
  if (out === null || !(out.value instanceof Struct)) throw new Error(`expected a Struct value, got ${out?.value}`);
  return out.value;
}

/** The Struct key of a transformed record. */
export function structKey(out: SinkRecord | null): Struct {
  if (out === null || !(out.key instanceof Struct)) throw new Error(`expected a Struct key, got ${out?.key}`);
  return out.key;
}
