import { isRetriable, type Predicate, type SinkRecord, type Transformation } from '@sinkkit/core';

/** One configured transformation and the predicate that gates it. */
export interface TransformStep {
  readonly name: string;
  readonly className: string;
  readonly transformation: Transformation;
  readonly predicate: Predicate | null;
  /** Applies the transformation when the predicate is false instead of true. */
  readonly negate: boolean;
}

/** Thrown by {@link applyTransforms} to say which step failed; as retriable as the step's error. */
export class TransformStepError extends Error {
  override name = 'TransformStepError';
  readonly retriable: boolean;
  constructor(
    readonly step: TransformStep,
    readonly original: Error,
  ) {
    super(original.message, { cause: original });
    this.retriable = isRetriable(original);
  }
}

/**
 * Runs `record` through `steps` in order, as Connect's `TransformationChain` does: a step whose
 * predicate does not match (after `negate`) passes the record on unchanged; a step returning
 * `null` drops the record and stops the chain.
 */
export function applyTransforms(steps: readonly TransformStep[], record: SinkRecord): SinkRecord | null {
  let current: SinkRecord | null = record;
  for (const step of steps) {
    if (current === null) return null;
    try {
      if (step.predicate && step.predicate.test(current) === step.negate) continue;
      current = step.transformation.apply(current);
    } catch (error) {
      throw new TransformStepError(step, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return current;
}
