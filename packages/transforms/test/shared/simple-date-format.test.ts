import { ConfigError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { SimpleDateFormat } from '../../src/shared/simple-date-format.js';

const instant = new Date(Date.UTC(2026, 2, 7, 14, 5, 9, 45));

describe('SimpleDateFormat', () => {
  it('formats Java patterns in UTC', () => {
    const cases: [string, string][] = [
      ['yyyyMMdd', '20260307'],
      ["yyyy-MM-dd'T'HH:mm:ss.SSSX", '2026-03-07T14:05:09.045Z'],
      ['yy/M/d h:mm a', '26/3/7 2:05 PM'],
      ['EEE, d MMM yyyy HH:mm:ss Z', 'Sat, 7 Mar 2026 14:05:09 +0000'],
      ["'week of' MMMM", 'week of March'],
    ];
    for (const [pattern, text] of cases) expect(new SimpleDateFormat(pattern, 'k').format(instant)).toBe(text);
  });

  it('parses what it formats, and zone offsets', () => {
    const f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSX", 'k');
    expect(f.parse('2026-03-07T14:05:09.045Z')).toEqual(instant);
    expect(f.parse('2026-03-07T16:05:09.045+02:00')).toEqual(instant);
    expect(new SimpleDateFormat('dd MMM yyyy', 'k').parse('07 Mar 2026')).toEqual(new Date(Date.UTC(2026, 2, 7)));
    expect(f.parse('not a date')).toBeNull();
  });

  it("formats and parses the general time zone z in UTC (Kafka's TimestampConverterTest pattern)", () => {
    const f = new SimpleDateFormat('yyyy MM dd HH mm ss SSS z', 'format');
    expect(f.format(new Date(86_401_234))).toBe('1970 01 02 00 00 01 234 UTC');
    expect(f.parse('1970 01 02 00 00 01 234 UTC')).toEqual(new Date(86_401_234));
    expect(f.parse('1970 01 02 02 00 01 234 GMT+02:00')).toEqual(new Date(86_401_234));
    expect(f.parse('1970 01 02 05 30 01 234 +0530')).toEqual(new Date(86_401_234));
    expect(f.parse('1970 01 02 00 00 01 234 PST')).toBeNull();
  });

  it('refuses letters it does not support, naming the key', () => {
    expect(() => new SimpleDateFormat('YYYY-ww', 'timestamp.format')).toThrow(ConfigError);
    expect(() => new SimpleDateFormat('YYYY-ww', 'timestamp.format')).toThrow(/timestamp\.format.*'Y'/);
    expect(() => new SimpleDateFormat("yyyy'", 'format')).toThrow(/unterminated quote/);
  });
});
