import { describe, expect, it } from 'vitest';
import { workerKeysFromEnvironment } from '../../src/standalone/environment-config.js';

describe('workerKeysFromEnvironment', () => {
  it("maps CONNECT_* variables as Confluent's images do, and nothing else", () => {
    expect(
      workerKeysFromEnvironment({
        CONNECT_BOOTSTRAP_SERVERS: 'kafka:9092',
        CONNECT_KEY_CONVERTER_SCHEMAS_ENABLE: 'false',
        CONNECT_PLUGIN_PATH: '/plugins',
        CONNECT_A__B___C: 'x',
        CONNECT_LOG4J_ROOT_LOGLEVEL: 'INFO',
        CONNECT_KAFKA_HEAP_OPTS: '-Xmx1g',
        KAFKA_BOOTSTRAP_SERVERS: 'other',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      'bootstrap.servers': 'kafka:9092',
      'key.converter.schemas.enable': 'false',
      'plugin.path': '/plugins',
      'a_b-c': 'x',
    });
  });
});
