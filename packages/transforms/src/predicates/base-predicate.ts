import type { Predicate, SinkRecord } from '@sinkkit/core';
import { ConfiguredPlugin } from '../shared/configured-plugin.js';

/** A built-in predicate: settings parsed once (see {@link ConfiguredPlugin}), then `test` per record. */
export abstract class BasePredicate<V extends object> extends ConfiguredPlugin<V> implements Predicate {
  abstract test(record: SinkRecord): boolean;
}
