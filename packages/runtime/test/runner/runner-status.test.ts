import { SinkkitError } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { errorTrace, statusError } from '../../src/index.js';

describe('errorTrace', () => {
  it('prints each cause after "Caused by: ", stacks included, as a Java trace does', () => {
    const root = new Error('socket closed');
    const middle = new TypeError('lookup failed', { cause: root });
    const top = new SinkkitError('put failed', { code: 'X', cause: middle });
    const lines = errorTrace(top).split('\n');
    expect(lines[0]).toBe('SinkkitError: put failed');
    expect(lines).toContain('Caused by: TypeError: lookup failed');
    expect(lines).toContain('Caused by: Error: socket closed');
    expect(lines.filter((l) => l.includes('runner-status.test.ts')).length).toBeGreaterThanOrEqual(3);
  });

  it('stops at a cycle, prints non-errors as text and the errors of an AggregateError', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(errorTrace(b)).toContain('Caused by: [circular]');
    expect(errorTrace(new Error('x', { cause: 'plain text' }))).toContain('Caused by: plain text');
    expect(errorTrace(new AggregateError([new Error('one'), new Error('two')], 'both'))).toMatch(
      /Suppressed: Error: one[\s\S]*Suppressed: Error: two/,
    );
  });

  it('hides URL userinfo, and keeps the code', () => {
    const error = new SinkkitError('cannot reach http://user:pass@registry:8081', {
      code: 'REGISTRY_DOWN',
      cause: new Error('GET https://u:p@h/x failed'),
    });
    const status = statusError(error);
    expect(status.code).toBe('REGISTRY_DOWN');
    expect(status.message).toBe('cannot reach http://[hidden]@registry:8081');
    expect(status.trace).not.toMatch(/user:pass|u:p@/);
  });
});
