import type { DateTime } from 'luxon';

/** Prints one field of a date-time, already in the partitioner's zone and locale. */
type Printer = (dt: DateTime) => string;

const pad = (n: number, width: number) =>
  n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0');

/**
 * Compiles a Joda-Time `DateTimeFormat` pattern (what Confluent's `path.format` is) into a printer.
 *
 * Hand-written because no JS library speaks Joda's dialect: luxon, date-fns and Intl use
 * Unicode/LDML letters where the same letter means something else (`Y` is Joda's year of era but
 * LDML's week-based year, so `YYYY` would print 2025 for 2024-12-30; `e`, `k`, `K`, `S` and `Z`
 * differ too). Only the letter → field mapping is ours; time zones, calendars, week numbers and
 * localized names come from luxon (ICU data). Rules follow Joda's `DateTimeFormat` javadoc:
 * numbers are zero-padded to the letter count; `yy`/`YY`/`xx` print two digits; `MMM` is a short
 * month name and `MMMM` a full one; `E`–`EEE` short and `EEEE` full day names; text in single
 * quotes is literal and `''` is a quote; any other ASCII letter is an error (Joda's "Illegal
 * pattern component"), which is how `year='YYYY'` is caught at configure time, as in Confluent.
 */
export function compileJodaPattern(pattern: string): Printer {
  const printers: Printer[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        printers.push(literal("'"));
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern[j];
      }
      printers.push(literal(text));
      i = j + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      printers.push(literal(c));
      i += 1;
      continue;
    }
    let count = 1;
    while (pattern[i + count] === c) count += 1;
    printers.push(field(c, count));
    i += count;
  }
  return (dt) => {
    let out = '';
    for (const p of printers) out += p(dt);
    return out;
  };
}

function literal(text: string): Printer {
  return () => text;
}

function field(letter: string, count: number): Printer {
  const num =
    (get: (dt: DateTime) => number, width = count) =>
    (dt: DateTime) =>
      pad(get(dt), width);
  const year = (get: (dt: DateTime) => number) =>
    count === 2 ? (dt: DateTime) => pad(((get(dt) % 100) + 100) % 100, 2) : num(get);
  switch (letter) {
    case 'G':
      return (dt) => dt.toFormat(count >= 4 ? 'GG' : 'G');
    case 'C':
      return num((dt) => Math.floor(Math.abs(dt.year) / 100));
    case 'Y':
      return year((dt) => (dt.year > 0 ? dt.year : 1 - dt.year));
    case 'y':
      return year((dt) => dt.year);
    case 'x':
      return year((dt) => dt.weekYear);
    case 'w':
      return num((dt) => dt.weekNumber);
    case 'e':
      return num((dt) => dt.weekday);
    case 'E':
      return (dt) => dt.toFormat(count >= 4 ? 'EEEE' : 'EEE');
    case 'D':
      return num((dt) => dt.ordinal);
    case 'M':
      if (count >= 3) return (dt) => monthName(dt, count >= 4 ? 'long' : 'short');
      return num((dt) => dt.month);
    case 'd':
      return num((dt) => dt.day);
    case 'a':
      return (dt) => dt.toFormat('a');
    case 'K':
      return num((dt) => dt.hour % 12);
    case 'h':
      return num((dt) => dt.hour % 12 || 12);
    case 'H':
      return num((dt) => dt.hour);
    case 'k':
      return num((dt) => dt.hour || 24);
    case 'm':
      return num((dt) => dt.minute);
    case 's':
      return num((dt) => dt.second);
    case 'S':
      // Joda prints the fraction of the second to `count` digits, truncated.
      return (dt) => String(dt.millisecond).padStart(3, '0').padEnd(count, '0').slice(0, count);
    case 'z':
      return (dt) => dt.toFormat(count >= 4 ? 'ZZZZZ' : 'ZZZZ');
    case 'Z':
      if (count >= 3) return (dt) => dt.zoneName ?? 'UTC';
      return (dt) => dt.toFormat(count === 1 ? 'ZZZ' : 'ZZ');
    default:
      throw new Error(`Illegal pattern component: ${letter.repeat(count)}`);
  }
}

const monthNames = new Map<string, string[]>();

/**
 * The month name as Java's `DateFormatSymbols` has it: the format (in-a-date) form, which for
 * Russian or Polish is the genitive ("января"). ICU splits East Asian month names into number and
 * literal ("1" + "月") inside a date, so there the stand-alone form ("1月") is Java's answer.
 */
function monthName(dt: DateTime, width: 'long' | 'short'): string {
  const locale = dt.locale ?? 'en';
  const key = `${locale}|${width}`;
  let names = monthNames.get(key);
  if (!names) {
    const inDate = new Intl.DateTimeFormat(locale, { month: width, day: 'numeric', timeZone: 'UTC' });
    const alone = new Intl.DateTimeFormat(locale, { month: width, timeZone: 'UTC' });
    names = Array.from({ length: 12 }, (_, m) => {
      const date = new Date(Date.UTC(2001, m, 15));
      const part = inDate.formatToParts(date).find((p) => p.type === 'month')?.value ?? '';
      return /^\d+$/.test(part) || part === '' ? alone.format(date) : part;
    });
    monthNames.set(key, names);
  }
  return names[dt.month - 1] as string;
}
