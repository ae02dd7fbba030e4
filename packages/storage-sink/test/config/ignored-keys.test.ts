import { readFileSync } from 'node:fs';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { ignoredKeys } from '../../src/config/ignored-keys.js';
import { loadSinkSettings } from '../../src/config/sink-settings.js';
import { StorageSinkConnector } from '../../src/index.js';

/** The Confluent S3 sink file the migration guide shows first, as properties. */
function migrationGuideExample(): Record<string, string> {
  const guide = readFileSync(new URL('../../../../docs/migrating-from-confluent-s3.md', import.meta.url), 'utf8');
  const block = /```properties\n([\s\S]*?)```/.exec(guide)?.[1] ?? '';
  const props: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !line.startsWith('#')) props[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return props;
}

describe('Confluent keys the sink ignores', () => {
  it('lists the keys (not their values) of client, retry, tagging, HDFS and Hive settings, sorted', () => {
    const props = {
      'format.class': 'json',
      's3.proxy.password': 'hunter2',
      's3.proxy.url': 'http://proxy:3128',
      's3.wan.mode': 'true',
      's3.part.retries': '3',
      'hive.integration': 'true',
      'flush.size': '10',
    };
    // s3.part.retries is read now (store timeouts and retries): not ignored.
    expect(ignoredKeys(props)).toEqual(['hive.integration', 's3.proxy.password', 's3.proxy.url', 's3.wan.mode']);
  });

  it('the connector warns once at start, naming the keys and none of their values', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      // A Storage given in code: start-up then probes no bucket (one that does not exist fails start).
      const connector = new StorageSinkConnector({ storage: new MemoryStorage() });
      await connector.start({
        's3.region': 'eu-west-1',
        'format.class': 'json',
        'flush.size': '10',
        's3.proxy.password': 'hunter2',
        's3.wan.mode': 'true',
      });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'SINKKIT_IGNORED_KEYS');
    expect(ours).toHaveLength(1);
    expect(ours[0]?.message).toContain('s3.proxy.password, s3.wan.mode');
    expect(ours[0]?.message).not.toContain('hunter2');
  });

  it("the migration guide's Confluent example parses as it is, with no key ignored", async () => {
    const props = migrationGuideExample();
    expect(props['connector.class']).toBe('io.confluent.connect.s3.S3SinkConnector');
    expect(Object.keys(props).length).toBeGreaterThan(20);
    expect(ignoredKeys(props)).toEqual([]);
    const settings = await loadSinkSettings(props);
    expect(settings.values['s3.ssea.name']).toBe('AES256');
    expect(settings.values['flush.size']).toBe(10_000);
  });
});
