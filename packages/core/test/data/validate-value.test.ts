import { describe, expect, it } from 'vitest';
import { DataError, findValueProblem, Schema, SchemaBuilder, validateValue } from '../../src/index.js';

describe('validateValue', () => {
  it('accepts null only for optional schemas', () => {
    expect(() => validateValue(Schema.OPTIONAL_INT32_SCHEMA, null)).not.toThrow();
    expect(() => validateValue(Schema.OPTIONAL_INT32_SCHEMA, undefined)).not.toThrow();
    expect(() => validateValue(Schema.INT32_SCHEMA, null)).toThrow(
      new DataError('Invalid value: required INT32 is null'),
    );
  });

  it('names the subject and path it is given', () => {
    expect(() => validateValue(Schema.STRING_SCHEMA, 1, { path: 'trace-id', subject: 'header' })).toThrow(
      'Invalid value for header "trace-id": STRING needs a string, got number',
    );
  });

  it('describes the type of a bad value, never the value itself', () => {
    const secret = 'alice@example.com';
    try {
      validateValue(Schema.INT32_SCHEMA, secret, { path: 'email' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).toContain('got string');
    }
  });

  it('findValueProblem returns the innermost path and reason instead of throwing', () => {
    const schema = SchemaBuilder.array(SchemaBuilder.array(Schema.BOOLEAN_SCHEMA).build()).build();
    expect(findValueProblem(schema, [[true], [false, 0]])).toEqual({
      path: '[1][1]',
      reason: 'BOOLEAN needs a boolean, got number',
    });
    expect(findValueProblem(schema, [[true]])).toBeUndefined();
  });

  it('accepts optional array elements set to null', () => {
    const schema = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build();
    expect(() => validateValue(schema, ['a', null])).not.toThrow();
  });
});
