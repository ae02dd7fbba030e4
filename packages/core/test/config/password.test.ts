import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HIDDEN, Password } from '../../src/index.js';

describe('Password', () => {
  it('gives the clear text only through value()', () => {
    const password = new Password('hunter2');
    expect(password.value()).toBe('hunter2');
    expect(HIDDEN).toBe('[hidden]');
    expect(String(password)).toBe('[hidden]');
    expect(`${password}`).toBe('[hidden]');
    expect(JSON.stringify({ password })).toBe('{"password":"[hidden]"}');
    expect(inspect({ password })).not.toContain('hunter2');
    expect(inspect(password, { showHidden: true })).not.toContain('hunter2');
    expect(Object.keys(password)).toEqual([]);
  });

  it('compares by secret', () => {
    expect(new Password('a').equals(new Password('a'))).toBe(true);
    expect(new Password('a').equals(new Password('b'))).toBe(false);
    expect(new Password('a').equals('a')).toBe(false);
  });
});
