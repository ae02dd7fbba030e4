import { Schema } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { nextScheduledRotation, RotationPolicy } from '../src/index.js';

const policy = (s: Partial<ConstructorParameters<typeof RotationPolicy>[0]> = {}) =>
  new RotationPolicy({
    flushSize: 3,
    rotateIntervalMs: -1,
    rotateScheduleIntervalMs: -1,
    timeZone: 'UTC',
    fileMaxBytes: -1,
    ...s,
  });
const file = (recordCount: number, bytes = 0, schema: Schema | null = null) => ({ recordCount, bytes, schema });

describe('RotationPolicy', () => {
  it.each([
    ['below flush.size', policy(), file(2), undefined],
    ['at flush.size', policy(), file(3), 'flush.size'],
    ['file.max.bytes reached', policy({ flushSize: 100, fileMaxBytes: 10 }), file(1, 10), 'file.max.bytes'],
    ['file.max.bytes disabled', policy({ flushSize: 100 }), file(1, 1e9), undefined],
  ] as const)('after a write: %s', (_name, p, f, expected) => {
    expect(p.afterWrite(f)).toBe(expected);
  });

  it.each([
    ['no open file, no interval', policy(), undefined, null, 1000, 0, undefined],
    ['interval not yet reached', policy({ rotateIntervalMs: 100 }), file(1), null, 99, 0, undefined],
    ['interval reached (record time)', policy({ rotateIntervalMs: 100 }), file(1), null, 100, 0, 'rotate.interval.ms'],
    ['no batch yet', policy({ rotateIntervalMs: 100 }), undefined, null, 5000, undefined, undefined],
    ['schema changed', policy(), file(1, 0, Schema.STRING_SCHEMA), Schema.INT32_SCHEMA, 0, 0, 'schema'],
    ['schema equal', policy(), file(1, 0, Schema.STRING_SCHEMA), Schema.STRING_SCHEMA, 0, 0, undefined],
    ['schemaless to schema', policy(), file(1), Schema.STRING_SCHEMA, 0, 0, 'schema'],
  ] as const)('before a write: %s', (_name, p, f, schema, time, base, expected) => {
    expect(p.beforeWrite(f, schema, time, base)).toBe(expected);
  });

  it('schedules wall-clock rotation on interval boundaries aligned to midnight in the time zone', () => {
    const t = Date.UTC(2024, 4, 1, 10, 17, 5);
    expect(nextScheduledRotation(t, 3_600_000, 'UTC')).toBe(Date.UTC(2024, 4, 1, 11));
    expect(nextScheduledRotation(t, 600_000, 'UTC')).toBe(Date.UTC(2024, 4, 1, 10, 20));
    // 5 hours from local midnight in New York (UTC-4 in May) is 09:00 UTC; the next is 14:00 UTC.
    expect(nextScheduledRotation(t, 5 * 3_600_000, 'America/New_York')).toBe(Date.UTC(2024, 4, 1, 14));
    expect(policy({ rotateScheduleIntervalMs: 60_000 }).deadline(t)).toBe(Date.UTC(2024, 4, 1, 10, 18));
    expect(policy().deadline(t)).toBeUndefined();
  });
});
