import { ConfigError } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { parseSinkSettings } from '../../src/config/sink-settings.js';
import { topicsDirProblem } from '../../src/config/topics-dir.js';
import { StorageSinkConnector } from '../../src/index.js';

const BASE = { 'store.url': 'file:///srv/sink', 'format.class': 'json', 'flush.size': '10' };

describe('topics.dir is checked at start, with the rest of the configuration', () => {
  it.each([
    ['../x', /\. or \.\. segment/],
    ['a/../../x', /\. or \.\. segment/],
    ['./x', /\. or \.\. segment/],
    ['/abs', /relative to the store root/],
    ['a//b', /empty segment/],
    ['a/', /empty segment/],
    ['a\\b', /backslash/],
    ['.sinkkit-staging/x', /reserved/],
  ])('%s is refused, naming the key, the value and the reason', (value, reason) => {
    const problem = topicsDirProblem(value, '/');
    expect(problem?.key).toBe('topics.dir');
    expect(problem?.value).toBe(value);
    expect(problem?.reason).toMatch(reason);
  });

  it.each(['topics', 'data/kafka', '', 'x..y', '.hidden'])('%s is accepted', (value) => {
    expect(topicsDirProblem(value, '/')).toBeUndefined();
  });

  it('a custom directory.delim is a separator too: with directory.delim=-, topics.dir=a-..-b is refused', () => {
    expect(topicsDirProblem('a-..-b', '-')?.reason).toMatch(/\. or \.\. segment/);
  });

  it('parseSinkSettings refuses topics.dir=../x', () => {
    expect(() => parseSinkSettings({ ...BASE, 'topics.dir': '../x' })).toThrow(
      'Invalid value ../x for configuration topics.dir: must not have a . or .. segment',
    );
  });

  it('the connector refuses it at start, before any task writes (a Storage given in code too)', async () => {
    const error = await new StorageSinkConnector({ storage: new MemoryStorage() })
      .start({ 'format.class': 'json', 'flush.size': '10', 'topics.dir': '../x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toEqual(['topics.dir']);
  });
});
