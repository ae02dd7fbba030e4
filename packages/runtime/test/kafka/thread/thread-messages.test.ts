import { SinkkitError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { fromErrorData, toErrorData } from '../../../src/kafka/thread/thread-messages.js';

describe('toErrorData / fromErrorData', () => {
  it('keeps a SinkkitError’s code, retriable flag, name, message and stack across a structured clone', () => {
    const original = new SinkkitError('Offset commit refused', { code: 'REBALANCE_IN_PROGRESS', retriable: true });
    const back = fromErrorData(structuredClone(toErrorData(original)));
    expect(back).toBeInstanceOf(SinkkitError);
    expect(back).toMatchObject({ code: 'REBALANCE_IN_PROGRESS', retriable: true, message: original.message });
    expect(back.name).toBe(original.name);
    expect(back.stack).toBe(original.stack);
  });

  it('makes a plain Error of one without a code, and an Error of a thrown non-error', () => {
    const back = fromErrorData(toErrorData(new TypeError('bad offset')));
    expect(back).not.toBeInstanceOf(SinkkitError);
    expect(back).toMatchObject({ name: 'TypeError', message: 'bad offset' });
    expect(fromErrorData(toErrorData('just text')).message).toBe('just text');
  });
});
