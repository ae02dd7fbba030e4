import type { Predicate, Transformation } from '@sinkkit/core';
import { CastKey, CastValue } from './cast.js';
import { DropHeaders } from './drop-headers.js';
import { ExtractFieldKey, ExtractFieldValue } from './extract-field.js';
import { Filter } from './filter.js';
import { FlattenKey, FlattenValue } from './flatten.js';
import { HeaderFromKey, HeaderFromValue } from './header-from.js';
import { HoistFieldKey, HoistFieldValue } from './hoist-field.js';
import { InsertFieldKey, InsertFieldValue } from './insert-field.js';
import { InsertHeader } from './insert-header.js';
import { MaskFieldKey, MaskFieldValue } from './mask-field.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { RegexRouter } from './regex-router.js';
import { ReplaceFieldKey, ReplaceFieldValue } from './replace-field.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.js';
import { TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.js';
import { TimestampRouter } from './timestamp-router.js';
import { ValueToKey } from './value-to-key.js';

type PluginClass<P> = (new () => P) & { readonly CLASS_NAME: string };

const TRANSFORMATIONS: PluginClass<Transformation>[] = [
  CastKey,
  CastValue,
  DropHeaders,
  ExtractFieldKey,
  ExtractFieldValue,
  Filter,
  FlattenKey,
  FlattenValue,
  HeaderFromKey,
  HeaderFromValue,
  HoistFieldKey,
  HoistFieldValue,
  InsertFieldKey,
  InsertFieldValue,
  InsertHeader,
  MaskFieldKey,
  MaskFieldValue,
  RegexRouter,
  ReplaceFieldKey,
  ReplaceFieldValue,
  SetSchemaMetadataKey,
  SetSchemaMetadataValue,
  TimestampConverterKey,
  TimestampConverterValue,
  TimestampRouter,
  ValueToKey,
];

const PREDICATES: PluginClass<Predicate>[] = [HasHeaderKey, RecordIsTombstone, TopicNameMatches];

/**
 * Each class under its Kafka class name (`org.apache.kafka.connect.transforms.InsertField$Value`)
 * and its short name (`InsertField$Value`), as a configuration's `type` may give either.
 */
function byName<P>(classes: PluginClass<P>[]): Record<string, new () => P> {
  return Object.fromEntries(
    classes.flatMap((c) => [
      [c.CLASS_NAME, c],
      [c.CLASS_NAME.slice(c.CLASS_NAME.lastIndexOf('.') + 1), c],
    ]),
  );
}

/** Kafka Connect's built-in transformations, by the names a `transforms.<n>.type` may use. */
export const BUILT_IN_TRANSFORMATIONS: Readonly<Record<string, new () => Transformation>> = byName(TRANSFORMATIONS);

/** Kafka Connect's built-in predicates, by the names a `predicates.<n>.type` may use. */
export const BUILT_IN_PREDICATES: Readonly<Record<string, new () => Predicate>> = byName(PREDICATES);
