import { ConfigError } from '@sinkkit/core';

/*
 * The subset of Java's SimpleDateFormat patterns that Kafka's TimestampRouter and
 * TimestampConverter configurations use, always in UTC as those transformations set it.
 * Hand-written because the JS date libraries speak other pattern languages (date-fns' `yyyy`
 * vs `YYYY`, Luxon's tokens) and a user's Kafka pattern must mean the same thing here.
 */

type Token = { letter: string; count: number } | { literal: string };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUPPORTED = 'yMdHhmsSEaZXz';

/** A Java date pattern such as `yyyyMMdd` or `yyyy-MM-dd'T'HH:mm:ss.SSSX`, formatting and parsing in UTC. */
export class SimpleDateFormat {
  readonly #tokens: Token[];
  #parser: { regex: RegExp; fields: { letter: string; count: number }[] } | undefined;

  /** Throws a `ConfigError` naming `key` for a letter this subset does not support. */
  constructor(
    readonly pattern: string,
    key: string,
  ) {
    this.#tokens = tokenize(pattern, key);
  }

  format(date: Date): string {
    return this.#tokens.map((t) => ('literal' in t ? t.literal : formatField(t.letter, t.count, date))).join('');
  }

  /** The instant `text` names, or `null` when it does not match the pattern. */
  parse(text: string): Date | null {
    this.#parser ??= buildParser(this.#tokens);
    const match = this.#parser.regex.exec(text);
    if (!match) return null;
    const parts = { y: 1970, M: 1, d: 1, H: 0, m: 0, s: 0, S: 0, pm: false, h12: false, offsetMin: 0 };
    this.#parser.fields.forEach(({ letter, count }, i) => {
      const raw = match[i + 1] ?? '';
      switch (letter) {
        case 'y':
          parts.y = count === 2 ? 2000 + Number(raw) : Number(raw);
          break;
        case 'M':
          parts.M = count >= 3 ? monthIndex(raw) + 1 : Number(raw);
          break;
        case 'd':
          parts.d = Number(raw);
          break;
        case 'H':
          parts.H = Number(raw);
          break;
        case 'h':
          parts.H = Number(raw) % 12;
          parts.h12 = true;
          break;
        case 'm':
          parts.m = Number(raw);
          break;
        case 's':
          parts.s = Number(raw);
          break;
        case 'S':
          parts.S = Number(raw);
          break;
        case 'a':
          parts.pm = raw.toUpperCase() === 'PM';
          break;
        case 'Z':
        case 'X':
        case 'z':
          parts.offsetMin = parseOffset(raw);
          break;
      }
    });
    const hours = parts.h12 && parts.pm ? parts.H + 12 : parts.H;
    const ms = Date.UTC(parts.y, parts.M - 1, parts.d, hours, parts.m, parts.s, parts.S);
    return new Date(ms - parts.offsetMin * 60_000);
  }
}

function tokenize(pattern: string, key: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) throw new ConfigError({ key, value: pattern, reason: 'has an unterminated quote' });
      tokens.push({ literal: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED.includes(c))
        throw new ConfigError({
          key,
          value: pattern,
          reason: `uses pattern letter '${c}', which is not supported (supported: ${SUPPORTED.split('').join(' ')})`,
        });
      let count = 1;
      while (pattern.charAt(i + count) === c) count++;
      tokens.push({ letter: c, count });
      i += count;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatField(letter: string, count: number, date: Date): string {
  switch (letter) {
    case 'y': {
      const year = date.getUTCFullYear();
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case 'M': {
      const month = date.getUTCMonth();
      if (count >= 4) return MONTHS[month] as string;
      if (count === 3) return (MONTHS[month] as string).slice(0, 3);
      return pad(month + 1, count);
    }
    case 'd':
      return pad(date.getUTCDate(), count);
    case 'H':
      return pad(date.getUTCHours(), count);
    case 'h':
      return pad(date.getUTCHours() % 12 || 12, count);
    case 'm':
      return pad(date.getUTCMinutes(), count);
    case 's':
      return pad(date.getUTCSeconds(), count);
    case 'S':
      return pad(date.getUTCMilliseconds(), count);
    case 'E': {
      const day = DAYS[date.getUTCDay()] as string;
      return count >= 4 ? day : day.slice(0, 3);
    }
    case 'a':
      return date.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'Z':
      return '+0000';
    case 'z':
      return count >= 4 ? 'Coordinated Universal Time' : 'UTC';
    default:
      // X: ISO 8601 zone, which is 'Z' for UTC in every width.
      return 'Z';
  }
}

function buildParser(tokens: Token[]): { regex: RegExp; fields: { letter: string; count: number }[] } {
  const fields: { letter: string; count: number }[] = [];
  const numeric = (t: Token | undefined) =>
    t !== undefined && 'letter' in t && 'yMdHhmsS'.includes(t.letter) && !(t.letter === 'M' && t.count >= 3);
  const source = tokens
    .map((t, i) => {
      if ('literal' in t) return t.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (t.letter === 'E') return '[A-Za-z]+';
      fields.push(t);
      if (t.letter === 'M' && t.count >= 3) return '([A-Za-z]+)';
      if (t.letter === 'a') return '([AaPp][Mm])';
      if (t.letter === 'Z' || t.letter === 'X') return '(Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2})';
      // z: a general time zone; of the names only UTC's and GMT's (another zone's needs a tz database).
      if (t.letter === 'z')
        return '(Coordinated Universal Time|Greenwich Mean Time|UTC|GMT(?:[+-]\\d{1,2}(?::?\\d{2})?)?|UT|[+-]\\d{2}:?\\d{2})';
      // A number right before another takes exactly its width, as SimpleDateFormat parses abutting fields.
      if (numeric(tokens[i + 1])) return `(\\d{${t.count}})`;
      return t.count === 1 ? '(\\d+)' : `(\\d{${t.count},})`;
    })
    .join('');
  // Anchored at the start only: Java's DateFormat.parse(String) ignores text after the pattern.
  return { regex: new RegExp(`^${source}`), fields };
}

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower.slice(0, 3)));
  return index === -1 ? Number.NaN : index;
}

/** Minutes east of UTC of `Z`, `+02:00`, `-0530`, `+05`, `UTC`, `GMT`, `GMT+5`, `GMT-05:30`. */
function parseOffset(raw: string): number {
  const offset = /([+-])(\d{1,2}):?(\d{2})?$/.exec(raw);
  if (offset === null) return 0;
  const [, sign, hours = '0', minutes = '0'] = offset;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}
