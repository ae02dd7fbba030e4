import {
  AvroConverter,
  ByteArrayConverter,
  JsonConverter,
  SimpleHeaderConverter,
  StringConverter,
} from '@sinkkit/converters';
import type { Converter, HeaderConverter, Predicate, Transformation } from '@sinkkit/core';
import { BUILT_IN_PREDICATES, BUILT_IN_TRANSFORMATIONS } from '@sinkkit/transforms';

/**
 * The plugin classes a configuration may name (`key.converter`, `header.converter`,
 * `transforms.<n>.type`, `predicates.<n>.type`), by name. Node has no class path to load
 * Java-style names from, so the application registers what it uses; the built-in converters,
 * transformations and predicates are always there, under their Kafka Connect class names and
 * short aliases (`InsertField$Value`).
 */
export interface PluginClasses {
  converters?: Readonly<Record<string, new () => Converter>>;
  /** Header converters; a class in `converters` that has `toConnectHeader` counts as one too. */
  headerConverters?: Readonly<Record<string, new () => HeaderConverter>>;
  transformations?: Readonly<Record<string, new () => Transformation>>;
  predicates?: Readonly<Record<string, new () => Predicate>>;
}

/** Looks plugin classes up by the name a configuration gives. */
export class PluginRegistry {
  readonly converters: ReadonlyMap<string, new () => Converter>;
  readonly headerConverters: ReadonlyMap<string, new () => HeaderConverter>;
  readonly transformations: ReadonlyMap<string, new () => Transformation>;
  readonly predicates: ReadonlyMap<string, new () => Predicate>;

  constructor(classes: PluginClasses = {}) {
    // Connect's String, ByteArray and Json converters are header converters too; Avro is not.
    const both = [StringConverter, ByteArrayConverter, JsonConverter] as const;
    this.converters = new Map<string, new () => Converter>([
      ...byConnectName<new () => Converter>(...both, AvroConverter),
      ...Object.entries(classes.converters ?? {}),
    ]);
    this.headerConverters = new Map<string, new () => HeaderConverter>([
      ...byConnectName<new () => HeaderConverter>(SimpleHeaderConverter, ...both),
      ...Object.entries(classes.converters ?? {}).flatMap(([name, c]) =>
        isHeaderConverterClass(c) ? [[name, c] as const] : [],
      ),
      ...Object.entries(classes.headerConverters ?? {}),
    ]);
    this.transformations = new Map(Object.entries({ ...BUILT_IN_TRANSFORMATIONS, ...(classes.transformations ?? {}) }));
    this.predicates = new Map(Object.entries({ ...BUILT_IN_PREDICATES, ...(classes.predicates ?? {}) }));
  }
}

/** Each built-in class under its Kafka Connect class name and its short name (`StringConverter`). */
function byConnectName<C>(...classes: (C & { readonly CLASS_NAME: string; readonly name: string })[]): [string, C][] {
  return classes.flatMap((c) => [
    [c.CLASS_NAME, c],
    [c.name, c],
  ]);
}

function isHeaderConverterClass(c: new () => Converter): c is new () => Converter & HeaderConverter {
  return typeof (c.prototype as Partial<HeaderConverter>).toConnectHeader === 'function';
}

/**
 * Why `name` is not usable, listing what is (for "unknown class" config errors): each class once,
 * by its shortest name, so Kafka's long class names do not drown the message.
 */
export function unknownPluginReason(kind: string, known: ReadonlyMap<string, unknown>): string {
  const shortest = new Map<unknown, string>();
  for (const [name, c] of known)
    if ((shortest.get(c)?.length ?? Number.POSITIVE_INFINITY) > name.length) shortest.set(c, name);
  const names = [...shortest.values()];
  return names.length === 0
    ? `no ${kind} class is registered under this name (none registered; pass it in the runner's plugins option)`
    : `no ${kind} class is registered under this name; known: ${names.join(', ')}`;
}
