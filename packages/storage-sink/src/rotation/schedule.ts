const DAY_MS = 86_400_000;

/**
 * The next wall-clock rotation after `nowMs`: the next multiple of `intervalMs` counted from
 * local midnight in `timeZone`, as Confluent's `DateTimeUtils.getNextTimeAdjustedByDay` does,
 * so hourly rotation happens on the hour in the configured zone.
 */
export function nextScheduledRotation(nowMs: number, intervalMs: number, timeZone: string): number {
  const offset = zoneOffsetMs(nowMs, timeZone);
  const startOfDay = Math.floor((nowMs + offset) / DAY_MS) * DAY_MS - offset;
  return startOfDay + Math.floor((nowMs - startOfDay) / intervalMs) * intervalMs + intervalMs;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone` is ahead of UTC at `ms` (negative west of Greenwich). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return local - (ms - (ms % 1000));
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
