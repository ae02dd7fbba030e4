import { ConfigDef, ConfigError, SinkConnector, type SinkTask } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { ConnectorRunner, silentLogger } from '../../src/index.js';
import { tasksMaxOf } from '../../src/runner/tasks-max.js';

class NeverStartedConnector extends SinkConnector {
  started = false;
  version() {
    return 'test';
  }
  config() {
    return new ConfigDef();
  }
  start() {
    this.started = true;
  }
  taskClass(): new () => SinkTask {
    throw new Error('no task should be created');
  }
  taskConfigs() {
    return [];
  }
  stop() {}
}

describe('tasksMaxOf', () => {
  it('defaults to 1 and reads a whole number', () => {
    expect(tasksMaxOf({})).toBe(1);
    expect(tasksMaxOf({ 'tasks.max': '4' })).toBe(4);
    expect(tasksMaxOf({ 'tasks.max': ' 2 ' })).toBe(2);
    expect(tasksMaxOf({ 'tasks.max': 3 })).toBe(3);
  });

  it.each([
    ['zero', 'not a whole number'],
    ['', 'not a whole number'],
    ['1.5', 'not a whole number'],
    ['0', 'must be at least 1'],
    ['-2', 'must be at least 1'],
    ['2147483648', 'must be at most 2147483647'],
  ])('refuses tasks.max=%s naming the key, the value and the reason', (value, reason) => {
    const error = (() => {
      try {
        tasksMaxOf({ 'tasks.max': value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).problems).toEqual([{ key: 'tasks.max', value, reason }]);
  });
});

describe('ConnectorRunner and tasks.max', () => {
  it('fails to start on tasks.max=zero before starting the connector, instead of running one task', async () => {
    const connector = new NeverStartedConnector();
    const runner = new ConnectorRunner({
      connector,
      config: { name: 'c', 'bootstrap.servers': '127.0.0.1:1', topics: 't', 'tasks.max': 'zero' },
      logger: silentLogger,
    });
    await expect(runner.start()).rejects.toThrow(/zero.*tasks\.max: not a whole number/);
    expect(connector.started).toBe(false);
  });
});
