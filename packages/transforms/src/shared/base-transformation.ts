import type { SinkRecord, Transformation } from '@sinkkit/core';
import { ConfiguredPlugin } from './configured-plugin.js';

/** A built-in transformation: settings parsed once (see {@link ConfiguredPlugin}), then `apply` per record. */
export abstract class BaseTransformation<V extends object> extends ConfiguredPlugin<V> implements Transformation {
  abstract apply(record: SinkRecord): SinkRecord | null;
}
