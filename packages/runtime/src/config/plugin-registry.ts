import { AvroConverter, ByteArrayConverter, JsonConverter, StringConverter } from '@sinkkit/converters';
import type { Converter, Predicate, Transformation } from '@sinkkit/core';

/**
 * The plugin classes a configuration may name (`key.converter`, `transforms.<n>.type`,
 * `predicates.<n>.type`), by name. Node has no class path to load Java-style names from, so
 * the application registers what it uses; the built-in converters are always there, under
 * their Kafka Connect class names and short aliases.
 */
export interface PluginClasses {
  converters?: Readonly<Record<string, new () => Converter>>;
  transformations?: Readonly<Record<string, new () => Transformation>>;
  predicates?: Readonly<Record<string, new () => Predicate>>;
}

/** Looks plugin classes up by the name a configuration gives. */
export class PluginRegistry {
  readonly converters: ReadonlyMap<string, new () => Converter>;
  readonly transformations: ReadonlyMap<string, new () => Transformation>;
  readonly predicates: ReadonlyMap<string, new () => Predicate>;

  constructor(classes: PluginClasses = {}) {
    this.converters = new Map<string, new () => Converter>([
      [StringConverter.CLASS_NAME, StringConverter],
      ['StringConverter', StringConverter],
      [ByteArrayConverter.CLASS_NAME, ByteArrayConverter],
      ['ByteArrayConverter', ByteArrayConverter],
      [JsonConverter.CLASS_NAME, JsonConverter],
      ['JsonConverter', JsonConverter],
      [AvroConverter.CLASS_NAME, AvroConverter],
      ['AvroConverter', AvroConverter],
      ...Object.entries(classes.converters ?? {}),
    ]);
    this.transformations = new Map(Object.entries(classes.transformations ?? {}));
    this.predicates = new Map(Object.entries(classes.predicates ?? {}));
  }
}

/** Why `name` is not usable, listing what is (for "unknown class" config errors). */
export function unknownPluginReason(kind: string, known: ReadonlyMap<string, unknown>): string {
  const names = [...known.keys()];
  return names.length === 0
    ? `no ${kind} class is registered under this name (none registered; pass it in the runner's plugins option)`
    : `no ${kind} class is registered under this name; known: ${names.join(', ')}`;
}
