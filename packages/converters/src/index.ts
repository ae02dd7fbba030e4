// The public surface of @sinkkit/converters. Anything not exported here is internal.

export { AvroConverter, avroConverterConfigDef, avroTypeOptions } from './avro/avro-converter.js';
export { type AvroReadPlan, compileAvroToConnect } from './avro/avro-to-connect.js';
export { type AvroWritePlan, compileConnectToAvro } from './avro/connect-to-avro.js';
export { HEADER_LENGTH, MAGIC_BYTE, readWireHeader, writeWireHeader } from './avro/wire-format.js';
export { ByteArrayConverter } from './byte-array-converter.js';
export { formatHeaderValue, parseHeaderText } from './header/header-text.js';
export { SimpleHeaderConverter } from './header/simple-header-converter.js';
export { connectToJsonText } from './json/connect-to-json-text.js';
export { JsonConverter, jsonConverterConfigDef } from './json/json-converter.js';
export type { DecimalFormat, JsonValueOptions } from './json/json-values.js';
export {
  type RegisteredSchema,
  SchemaRegistryClient,
  type SchemaRegistryClientOptions,
} from './registry/registry-client.js';
export {
  recordNameStrategy,
  SUBJECT_NAME_STRATEGIES,
  type SubjectNameStrategy,
  topicNameStrategy,
  topicRecordNameStrategy,
} from './registry/subject-name-strategy.js';
export { StringConverter } from './string-converter.js';
