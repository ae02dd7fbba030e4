// The public surface of @sinkkit/format-avro. Anything not exported here is internal.

export { type AvroCodec, AvroContainer } from './avro-container.js';
export { AvroFormat, avroConfigDef } from './avro-format.js';
