// The public surface of @sinkkit/formats. Anything not exported here is internal.

export { BufferedRecordWriter, type Compression, DEFAULT_FLUSH_BYTES } from './buffered-record-writer.js';
export { ByteArrayFormat } from './bytes/byte-array-format.js';
export { compressionConfigDef, parseCompression } from './compression-config.js';
export { CsvFormat } from './csv/csv-format.js';
export { csvField } from './csv/csv-values.js';
export { JsonFormat } from './json/json-format.js';
export { toJsonText } from './json/to-json.js';
export { inferSchema } from './schemaless/infer-schema.js';
export { parseInferRecords, parseSchemalessSchema, schemalessConfigDef } from './schemaless/schemaless-config.js';
export { SchemalessValues } from './schemaless/schemaless-values.js';
export { toConnectValue } from './schemaless/to-connect-value.js';
