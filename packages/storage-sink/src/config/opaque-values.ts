import type { ConnectorProps } from '@sinkkit/core';

/** Converters whose values are not records: what each gives, by the names Connect and sinkkit accept. */
const OPAQUE: ReadonlyMap<string, string> = new Map([
  ['org.apache.kafka.connect.storage.StringConverter', 'text'],
  ['StringConverter', 'text'],
  ['org.apache.kafka.connect.converters.ByteArrayConverter', 'bytes'],
  ['ByteArrayConverter', 'bytes'],
]);
/** The runtime's `value.converter` when neither the worker nor the connector sets one. */
const DEFAULT_CONVERTER = 'org.apache.kafka.connect.converters.ByteArrayConverter';

/**
 * The start-up warning for a columnar format (Parquet, Avro: `valueExtension` ends in `.parquet`
 * or `.avro`) fed by a converter that gives text or bytes rather than records: every file then
 * has a single `value` column holding the text (JSON stays a string), which is rarely what was
 * meant. `undefined` when there is nothing to say. Names the keys and the class only (no values
 * of other keys, which may be secrets).
 */
export function opaqueValuesWarning(props: ConnectorProps, valueExtension: string): string | undefined {
  const format = /\.(parquet|avro)$/.exec(valueExtension)?.[1];
  if (!format) return undefined;
  const set = props['value.converter'];
  const converter = typeof set === 'string' && set.trim() !== '' ? set.trim() : DEFAULT_CONVERTER;
  const gives = OPAQUE.get(converter);
  if (!gives) return undefined;
  const why = set === undefined ? `value.converter is not set (default ${converter})` : `value.converter=${converter}`;
  return (
    `A ${format === 'parquet' ? 'Parquet' : 'Avro'} file will hold each record's value as ${gives} in one column named value: ${why} gives ${gives}, not records. ` +
    'For a column per field of JSON values, use value.converter=org.apache.kafka.connect.json.JsonConverter with value.converter.schemas.enable=false ' +
    '(or true, or AvroConverter, when the values carry schemas).'
  );
}
