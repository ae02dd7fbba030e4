import { describe, expect, it } from 'vitest';
import { writeJsonString } from '../src/json/json-string.js';

const write = (text: string, room = 1024) => {
  const chunk = Buffer.alloc(room);
  const end = writeJsonString(text, chunk, 3, room);
  return end < 0 ? end : chunk.toString('utf8', 3, end);
};

describe('writeJsonString', () => {
  it.each(['', 'plain', 'say "hi"', 'back\\slash', '{"id":17,"user":"u-3","pad":"xxxx"}', ' !~'])(
    'writes %j as JSON.stringify does',
    (text) => {
      expect(write(text)).toBe(JSON.stringify(text));
    },
  );

  it.each(['new\nline', 'nul\u0000', 'del\u007f', 'é', '€', '😀', 'lone \ud800'])(
    'declines %j (anything but printable ASCII takes JSON.stringify)',
    (text) => {
      expect(write(text)).toBe(-1);
    },
  );

  it('declines what might not fit: room for every character escaped, and the quotes', () => {
    expect(write('ab', 3 + 6)).toBe('"ab"');
    expect(write('ab', 3 + 5)).toBe(-1);
  });
});
