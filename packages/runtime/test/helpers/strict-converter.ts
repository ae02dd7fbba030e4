import { type Converter, DataError, type Headers, Schema, type SchemaAndValue } from '@sinkkit/core';

/** A string converter that rejects values containing `POISON`, as a decoder rejects bad bytes. */
export class StrictConverter implements Converter {
  configure(): void {}
  toConnectData(topic: string, _headers: Headers, value: Uint8Array | null): SchemaAndValue {
    const text = value === null ? null : Buffer.from(value).toString('utf8');
    if (text?.includes('POISON')) throw new DataError('cannot decode a poisoned value', { topic });
    return { schema: Schema.OPTIONAL_STRING_SCHEMA, value: text };
  }
}
