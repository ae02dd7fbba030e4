import { z } from 'zod';
import { parseDuration } from './duration.js';
import { Password } from './password.js';

/**
 * The types a configuration key can have. Values arrive as strings (Java-properties style) or
 * already typed (configured in code); both are accepted. How strings parse:
 *
 * | type | result | string form |
 * |---|---|---|
 * | `string` | `string` | trimmed, as Connect does |
 * | `int` | `number` | decimal integer in the signed 32-bit range |
 * | `long` | `number` | decimal integer within ±(2^53−1); see below |
 * | `double` | `number` | decimal, optional exponent (`1.5`, `-2e3`); finite |
 * | `boolean` | `boolean` | `true` / `false`, case-insensitive |
 * | `list` | `string[]` | comma-separated, items trimmed; empty text is `[]` |
 * | `duration` | `number` (ms) | see `parseDuration`: `5000`, `10s`, `5m`, `1h` |
 * | `password` | `Password` | trimmed; printed as `[hidden]` |
 * | `class` | `string` | non-empty name of a plugin (resolved by the runtime) |
 * | `enum` | one of `values` | matched case-insensitively, returned as declared |
 *
 * `long` is a `number`, not a bigint: configuration longs are sizes, counts and timeouts, where
 * a `number` is what Node APIs take, and a value beyond 2^53 is rejected rather than rounded.
 */
export type ConfigType =
  | 'string'
  | 'int'
  | 'long'
  | 'double'
  | 'boolean'
  | 'list'
  | 'duration'
  | 'password'
  | 'class'
  | 'enum';

/** The parsed value of each {@link ConfigType}. */
export interface ConfigTypeValues {
  string: string;
  int: number;
  long: number;
  double: number;
  boolean: boolean;
  list: string[];
  duration: number;
  password: Password;
  class: string;
  enum: string;
}

const INTEGER = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
/** Turns text into a value with `parse`; anything it cannot parse is left for the schema to reject. */
const fromText =
  (parse: (text: string) => unknown) =>
  (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const out = parse(v.trim());
    return out === undefined ? v : out;
  };
const integer = (text: string) => (INTEGER.test(text) ? Number(text) : undefined);
// An unsafe bigint converts inexactly but lands outside the safe range, where the schema rejects it.
const bigintToNumber = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/**
 * The zod schema that turns a raw value of `type` into its typed value. Its error messages are
 * phrased to follow "Invalid value X for configuration K: ".
 */
export function typeSchema(type: ConfigType, values: readonly string[] = []): z.ZodType {
  switch (type) {
    case 'string':
      return z.preprocess(trimmed, z.string({ error: 'expected a string' }));
    case 'int':
      return z.preprocess(
        fromText(integer),
        z
          .number({ error: 'not a 32-bit integer' })
          .int({ error: 'not an integer' })
          .min(INT32_MIN, { error: 'out of the 32-bit integer range' })
          .max(INT32_MAX, { error: 'out of the 32-bit integer range' }),
      );
    case 'long':
      return z.preprocess(
        (v) => bigintToNumber(fromText(integer)(v)),
        z.number({ error: 'not an integer' }).int({
          // zod's int() also enforces the safe range; say which of the two failed.
          error: (issue) =>
            issue.code === 'invalid_type' ? 'not an integer' : 'beyond ±(2^53−1), the largest exact integer',
        }),
      );
    case 'double':
      return z.preprocess(
        fromText((t) => (DOUBLE.test(t) ? Number(t) : undefined)),
        z.number({ error: 'not a finite number' }),
      );
    case 'boolean':
      return z.preprocess(
        fromText((t) => ({ true: true, false: false })[t.toLowerCase()]),
        z.boolean({ error: 'expected true or false' }),
      );
    case 'list':
      return z.preprocess(
        fromText((t) => (t === '' ? [] : t.split(/\s*,\s*/))),
        z.array(z.string({ error: 'list items must be strings' }), { error: 'expected a comma-separated list' }),
      );
    case 'duration':
      return z.preprocess(
        fromText(parseDuration),
        z
          .number({ error: 'not a duration (milliseconds, or a number with ms, s, m, h or d)' })
          .int({ error: 'not a whole number of milliseconds' }),
      );
    case 'password':
      return z.preprocess(
        (v) => (typeof v === 'string' ? new Password(v.trim()) : v),
        z.instanceof(Password, { error: 'expected a string' }),
      );
    case 'class':
      return z.preprocess(
        trimmed,
        z.string({ error: 'expected a class name' }).min(1, { error: 'expected a class name, got nothing' }),
      );
    case 'enum': {
      const byLower = new Map(values.map((v) => [v.toLowerCase(), v]));
      const message = `must be one of ${values.join(', ')}`;
      return z.preprocess(
        fromText((t) => byLower.get(t.toLowerCase())),
        z.string({ error: message }).refine((v) => values.includes(v), { error: message }),
      );
    }
  }
}
