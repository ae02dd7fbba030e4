import { Schema, SchemaBuilder, SinkRecord, Struct, TimestampSchema } from '@sinkkit/core';

/** The flat event every format encodes: an id, two strings, a double, a boolean and a timestamp. */
export const EVENT_SCHEMA = SchemaBuilder.struct()
  .name('Event')
  .field('id', Schema.INT64_SCHEMA)
  .field('user', Schema.STRING_SCHEMA)
  .field('action', Schema.STRING_SCHEMA)
  .field('amount', Schema.FLOAT64_SCHEMA)
  .field('ok', Schema.BOOLEAN_SCHEMA)
  .field('at', TimestampSchema.SCHEMA)
  .build();

/** The same event as a plain object, for the `JSON.stringify` baseline. */
export interface PlainEvent {
  id: number;
  user: string;
  action: string;
  amount: number;
  ok: boolean;
  at: string;
}

/** What an encoder is fed: Connect records (the formats) or plain objects (the baseline). */
export type EventInput = 'records' | 'plain';

const ACTIONS = ['view', 'click', 'add-to-cart', 'purchase', 'logout'] as const;
const EPOCH = Date.UTC(2026, 0, 1);
/** Events built and handed over at a time: the input's memory stays small, so peak RSS is the encoder's. */
const BATCH = 10_000;

/**
 * `count` flat events in batches of 10 000, built on demand (building is not timed by the
 * child). Values vary as real events do: 100 000 distinct users, five actions, cents amounts,
 * timestamps 10 ms apart.
 */
export class EventBatches {
  #next = 0;
  constructor(private readonly count: number) {}

  next(input: 'records'): SinkRecord[] | undefined;
  next(input: 'plain'): PlainEvent[] | undefined;
  next(input: EventInput): SinkRecord[] | PlainEvent[] | undefined;
  next(input: EventInput): SinkRecord[] | PlainEvent[] | undefined {
    if (this.#next >= this.count) return undefined;
    const end = Math.min(this.count, this.#next + BATCH);
    const out: (SinkRecord | PlainEvent)[] = [];
    for (let i = this.#next; i < end; i++) out.push(input === 'plain' ? plainEvent(i) : eventRecord(i));
    this.#next = end;
    return out as SinkRecord[] | PlainEvent[];
  }
}

function fields(i: number) {
  return {
    user: `user-${(i * 7919) % 100_000}`,
    action: ACTIONS[i % ACTIONS.length] as string,
    amount: ((i * 37) % 100_000) / 100,
    ok: i % 7 !== 0,
    at: new Date(EPOCH + i * 10),
  };
}

function plainEvent(i: number): PlainEvent {
  const f = fields(i);
  return { id: i, ...f, at: f.at.toISOString() };
}

function eventRecord(i: number): SinkRecord {
  const f = fields(i);
  const value = new Struct(EVENT_SCHEMA)
    .put('id', BigInt(i))
    .put('user', f.user)
    .put('action', f.action)
    .put('amount', f.amount)
    .put('ok', f.ok)
    .put('at', f.at);
  return new SinkRecord({ topic: 'events', kafkaPartition: 0, kafkaOffset: i, valueSchema: EVENT_SCHEMA, value });
}
