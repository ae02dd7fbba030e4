import { type Schema, Struct } from '@sinkkit/core';

/** A field found in a record value, with its schema when the value has one. */
export interface FoundField {
  readonly value: unknown;
  readonly schema: Schema | null;
}

/**
 * Follows a dotted path (`a.b.c`) through a record value, like Confluent storage-common's
 * `DataUtils.getNestedFieldValue`: through Structs (by their schema) and schemaless maps (plain
 * objects or `Map`s). Returns `undefined` when a step is missing, or the problem as a string when
 * a step is not a Struct or map.
 */
export function lookupField(value: unknown, path: string): FoundField | string | undefined {
  let current: unknown = value;
  let schema: Schema | null = value instanceof Struct ? value.schema : null;
  const steps = path.split('.');
  for (const [i, step] of steps.entries()) {
    const where = steps.slice(0, i).join('.') || 'the record value';
    if (current instanceof Struct) {
      const field = current.schema.field(step);
      if (!field) return undefined;
      current = current.get(step);
      schema = field.schema;
    } else if (current instanceof Map) {
      if (!current.has(step)) return undefined;
      current = current.get(step);
      schema = current instanceof Struct ? current.schema : null;
    } else if (isPlainObject(current)) {
      if (!Object.hasOwn(current, step)) return undefined;
      current = current[step];
      schema = current instanceof Struct ? current.schema : null;
    } else {
      return `${where} is ${describe(current)}, not a Struct or map`;
    }
  }
  return { value: current, schema };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A short description of a value's kind for error messages (never the value: it may be personal data). */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Date) return 'a Date';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Struct) return 'a Struct';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
