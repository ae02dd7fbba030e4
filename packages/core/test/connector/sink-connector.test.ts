import { describe, expect, it } from 'vitest';
import {
  atLeast,
  ConfigDef,
  type ConnectorProps,
  SinkConnector,
  type SinkConnectorContext,
  SinkkitError,
  SinkTask,
} from '../../src/index.js';

class NoopTask extends SinkTask {
  version = () => '1';
  start() {}
  put() {}
  stop() {}
}

const CONFIG = new ConfigDef()
  .define('flush.size', { type: 'int', default: 100, validators: [atLeast(1)], doc: 'Records per file.' })
  .define('secret', { type: 'password', doc: 'A secret.' });

class ExampleConnector extends SinkConnector {
  #props: ConnectorProps = {};
  version = () => '1.2.3';
  config() {
    return CONFIG;
  }
  start(props: ConnectorProps) {
    CONFIG.parse(props);
    this.#props = props;
  }
  taskClass() {
    return NoopTask;
  }
  taskConfigs(maxTasks: number) {
    return Array.from({ length: maxTasks }, () => ({ ...this.#props }));
  }
  stop() {}
  reconfigure() {
    this.context.requestTaskReconfiguration();
  }
}

describe('SinkConnector', () => {
  it('validates through its ConfigDef by default, redacting secrets', async () => {
    const reports = await new ExampleConnector().validate({ 'flush.size': '0', secret: 's3cr3t' });
    expect(reports).toEqual([
      { name: 'flush.size', value: '0', errors: ['Invalid value 0 for configuration flush.size: must be at least 1'] },
      { name: 'secret', value: '[hidden]', errors: [] },
    ]);
  });

  it('splits its configuration into task configs and names its task class', async () => {
    const connector = new ExampleConnector();
    await connector.start({ secret: 'x', topics: 'orders' });
    expect(await connector.taskConfigs(2)).toEqual([
      { secret: 'x', topics: 'orders' },
      { secret: 'x', topics: 'orders' },
    ]);
    expect(new (connector.taskClass())()).toBeInstanceOf(SinkTask);
  });

  it('reaches the runtime through its context, once initialized', () => {
    const connector = new ExampleConnector();
    expect(() => connector.reconfigure()).toThrow(SinkkitError);
    let requested = 0;
    const context: SinkConnectorContext = { requestTaskReconfiguration: () => requested++, raiseError: () => {} };
    connector.initialize(context);
    connector.reconfigure();
    expect(requested).toBe(1);
  });
});
