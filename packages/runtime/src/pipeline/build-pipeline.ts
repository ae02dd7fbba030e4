import { type Clock, ConfigError, type Converter, type Predicate } from '@sinkkit/core';
import type { PluginRegistry } from '../config/plugin-registry.js';
import type { PluginSpec, RuntimeConfig } from '../config/runtime-config.js';
import type { Logger } from '../logger.js';
import { ConversionRetry } from './conversion-retry.js';
import { RecordPipeline } from './record-pipeline.js';
import type { TransformStep } from './transform-chain.js';

/** What a pipeline's retries wait with and log to. */
export interface PipelineOptions {
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: nothing is logged. */
  logger?: Logger;
}

/**
 * Instantiates and configures the converters, transformations and predicates `config` names.
 * A plugin rejecting its settings fails here, at start, with its keys given in full
 * (`value.converter.converter.encoding`, not `converter.encoding`).
 */
export function buildPipeline(
  config: RuntimeConfig,
  registry: PluginRegistry,
  options: PipelineOptions = {},
): RecordPipeline {
  const keyConverter = converter(config.keyConverter, registry, true);
  const valueConverter = converter(config.valueConverter, registry, false);
  const HeaderConverter = registry.headerConverters.get(config.headerConverter.className);
  if (!HeaderConverter) throw unknown(config.headerConverter);
  const headerConverter = new HeaderConverter();
  configure('header.converter.', () => headerConverter.configure(config.headerConverter.configs));
  const predicates = new Map<string, Predicate>();
  for (const [name, spec] of config.predicates) {
    const Predicate = registry.predicates.get(spec.className);
    if (!Predicate) throw unknown(spec);
    const predicate = new Predicate();
    configure(`predicates.${name}.`, () => predicate.configure(spec.configs));
    predicates.set(name, predicate);
  }
  const transforms: TransformStep[] = config.transforms.map((spec) => {
    const Transformation = registry.transformations.get(spec.className);
    if (!Transformation) throw unknown(spec);
    const transformation = new Transformation();
    configure(`transforms.${spec.name}.`, () => transformation.configure(spec.configs));
    return {
      name: spec.name,
      className: spec.className,
      transformation,
      predicate: spec.predicate === null ? null : (predicates.get(spec.predicate) ?? null),
      negate: spec.negate,
    };
  });
  return new RecordPipeline({
    keyConverter,
    keyConverterClass: config.keyConverter.className,
    valueConverter,
    valueConverterClass: config.valueConverter.className,
    headerConverter,
    headerConverterClass: config.headerConverter.className,
    transforms,
    retry:
      config.errorsRetryTimeoutMs === 0
        ? undefined
        : new ConversionRetry({
            timeoutMs: config.errorsRetryTimeoutMs,
            maxDelayMs: config.errorsRetryDelayMaxMs,
            ...options,
          }),
  });
}

function converter(spec: PluginSpec, registry: PluginRegistry, isKey: boolean): Converter {
  const Converter = registry.converters.get(spec.className);
  if (!Converter) throw unknown(spec);
  const instance = new Converter();
  configure(`${spec.key}.`, () => instance.configure(spec.configs, isKey));
  return instance;
}

function configure(prefix: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(
        error.problems.map((p) => ({ ...p, key: `${prefix}${p.key}` })),
        { cause: error },
      );
    }
    throw error;
  }
}

function unknown(spec: PluginSpec): ConfigError {
  return new ConfigError({ key: spec.key, value: spec.className, reason: 'no such class is registered' });
}
