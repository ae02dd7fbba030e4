// The public surface of @sinkkit/transforms: Kafka Connect's built-in SMTs and predicates.

export { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMATIONS } from './built-in-plugins.js';
export { Cast, CastKey, CastValue } from './cast.js';
export { DropHeaders } from './drop-headers.js';
export { ExtractField, ExtractFieldKey, ExtractFieldValue } from './extract-field.js';
export { Filter } from './filter.js';
export { Flatten, FlattenKey, FlattenValue } from './flatten.js';
export { HeaderFrom, HeaderFromKey, HeaderFromValue } from './header-from.js';
export { HoistField, HoistFieldKey, HoistFieldValue } from './hoist-field.js';
export { InsertField, InsertFieldKey, InsertFieldValue } from './insert-field.js';
export { InsertHeader } from './insert-header.js';
export { MaskField, MaskFieldKey, MaskFieldValue } from './mask-field.js';
export { HasHeaderKey } from './predicates/has-header-key.js';
export { RecordIsTombstone } from './predicates/record-is-tombstone.js';
export { TopicNameMatches } from './predicates/topic-name-matches.js';
export { RegexRouter } from './regex-router.js';
export { ReplaceField, ReplaceFieldKey, ReplaceFieldValue } from './replace-field.js';
export { SetSchemaMetadata, SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.js';
export { TimestampConverter, TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.js';
export { TimestampRouter } from './timestamp-router.js';
export { ValueToKey } from './value-to-key.js';
