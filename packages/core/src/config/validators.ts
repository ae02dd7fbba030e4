import type { z } from 'zod';
import type { Password } from './password.js';

/**
 * A check on a parsed configuration value. `check` returns why the value is invalid, phrased to
 * follow "Invalid value X for configuration K: " (e.g. `must be at least 1`), or `undefined`
 * when it is fine. Validators never see `null` (an unset optional key).
 */
export interface Validator<T> {
  /** Human description of the valid values, for docs: `at least 1`, `one of none, all`. */
  readonly description: string;
  readonly check: (value: T) => string | undefined;
}

/** A validator from a description and a check function. */
export function validator<T>(description: string, check: (value: T) => string | undefined): Validator<T> {
  return Object.freeze({ description, check });
}

/** Numbers within `[min, max]`; either bound may be omitted. */
export function range(bounds: { min?: number; max?: number }): Validator<number> {
  const { min, max } = bounds;
  const description =
    min !== undefined && max !== undefined
      ? `between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min}`
        : max !== undefined
          ? `at most ${max}`
          : 'any number';
  return validator(description, (value) => {
    if (min !== undefined && value < min) return `must be at least ${min}`;
    if (max !== undefined && value > max) return `must be at most ${max}`;
    return undefined;
  });
}

/** Numbers `>= min`; shorthand for `range({ min })`. */
export function atLeast(min: number): Validator<number> {
  return range({ min });
}

/**
 * Strings that are one of `allowed` (exact match); on a list, every item must be. For
 * case-insensitive choices use the `enum` type instead.
 */
export function oneOf(...allowed: string[]): Validator<string | readonly string[]> {
  const description = `one of ${allowed.join(', ')}`;
  return validator(description, (value) => {
    const items: readonly string[] = typeof value === 'string' ? [value] : value;
    const bad = items.find((item) => !allowed.includes(item));
    if (bad === undefined) return undefined;
    return typeof value === 'string' ? `must be ${description}` : `item ${JSON.stringify(bad)} must be ${description}`;
  });
}

/** Non-empty strings, lists, or passwords (after trimming, which parsing does). */
export function nonEmpty(): Validator<string | readonly string[] | Password> {
  return validator('non-empty', (value) => {
    const empty =
      typeof value === 'string' || Array.isArray(value) ? value.length === 0 : (value as Password).value() === '';
    return empty ? 'must not be empty' : undefined;
  });
}

/**
 * Values the zod `schema` accepts, for anything the ready-made validators do not cover
 * (`matches(z.string().startsWith('s3://'))`). The reason is zod's first issue message unless `reason` is given.
 */
export function matches(schema: z.ZodType, description = 'custom', reason?: string): Validator<unknown> {
  return validator(description, (value) => {
    const result = schema.safeParse(value);
    return result.success ? undefined : (reason ?? result.error.issues[0]?.message ?? 'is invalid');
  });
}
