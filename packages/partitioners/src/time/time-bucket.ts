import type { Zone } from 'luxon';

/**
 * The start of the `durationMs` bucket holding `timestampMs`, with buckets aligned to local time
 * in `zone`: exactly Confluent storage-common's `TimeBasedPartitioner.getPartition`, which
 * (1) shifts the instant to local wall-clock millis (Joda `convertUTCToLocal`), (2) truncates to a
 * multiple of the duration (Java long division, so toward zero), and (3) converts back with Joda's
 * non-strict `convertLocalToUTC`. So a daily bucket starts at local midnight and an hourly one
 * at the local hour, and the rare local bucket start that falls in a DST gap resolves as Joda
 * does (see {@link localToUtc}).
 */
export function bucketStart(timestampMs: number, durationMs: number, zone: Zone): number {
  const local = timestampMs + offsetMs(zone, timestampMs);
  const truncated = Math.trunc(local / durationMs) * durationMs;
  return localToUtc(truncated, zone);
}

/**
 * Joda's `DateTimeZone.convertLocalToUTC(instantLocal, strict=false)`: estimate the offset at the
 * local millis, correct it once, and in a DST gap west of Greenwich keep the earlier (pre-gap)
 * offset. Joda detects the gap by comparing the next transitions after the two candidate
 * instants; they differ exactly when the offset changes between them, which is what is checked.
 */
export function localToUtc(localMs: number, zone: Zone): number {
  const offsetLocal = offsetMs(zone, localMs);
  let offset = offsetMs(zone, localMs - offsetLocal);
  if (offsetLocal !== offset && offsetLocal < 0) {
    const a = localMs - offsetLocal;
    const b = localMs - offset;
    if (offsetMs(zone, Math.min(a, b)) !== offsetMs(zone, Math.max(a, b))) offset = offsetLocal;
  }
  return localMs - offset;
}

function offsetMs(zone: Zone, instantMs: number): number {
  return zone.offset(instantMs) * 60_000;
}
