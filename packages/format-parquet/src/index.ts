// The public surface of @sinkkit/format-parquet. Anything not exported here is internal.

export { ParquetFormat, parquetConfigDef } from './parquet-format.js';
export { compileParquet, type ParquetPlan, type TimestampUnit } from './parquet-schema.js';
