import { ConfigError } from '@sinkkit/core';
import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { resolveSeedKeys } from '../../src/config/seed-connector-keys.js';
import { parseSinkSettings } from '../../src/config/sink-settings.js';
import { StorageSinkConnector } from '../../src/index.js';

describe('keys of the Alluxio, StreamX and OSS connectors', () => {
  it('rotation.num is read as flush.size, with a notice', () => {
    const { props, notices, problems } = resolveSeedKeys({ 'rotation.num': '3' });
    expect(props['flush.size']).toBe('3');
    expect(notices).toEqual(['rotation.num (Alluxio connector): read as flush.size']);
    expect(problems).toEqual([]);
    const settings = parseSinkSettings({
      'rotation.num': '3',
      'store.url': 'file:///srv/sink',
      'format.class': 'json',
    });
    expect(settings.values['flush.size']).toBe(3);
  });

  it.each([
    ['s3://bucket/prefix', 's3://bucket/prefix'],
    ['s3a://bucket/deep/prefix/', 's3://bucket/deep/prefix'],
    ['s3n://bucket', 's3://bucket'],
  ])('s3.url=%s is read as store.url=%s', (url, storeUrl) => {
    const { props, notices } = resolveSeedKeys({ 's3.url': url });
    expect(props['store.url']).toBe(storeUrl);
    expect(notices[0]).toMatch(/^s3\.url \(StreamX connector\): read as store\.url/);
  });

  it('oss.bucket is read as store.url=oss://<bucket>, and parses to that OSS bucket', () => {
    const { props } = resolveSeedKeys({ 'oss.bucket': 'hadoop-oss-test' });
    expect(props['store.url']).toBe('oss://hadoop-oss-test');
    const settings = parseSinkSettings({ 'oss.bucket': 'hadoop-oss-test', 'flush.size': '1', 'format.class': 'json' });
    expect(settings.values['store.url']).toBe('oss://hadoop-oss-test');
  });

  it("alluxio.format with Alluxio's JsonFormat is read as format.class=json; another value is only a notice", () => {
    expect(resolveSeedKeys({ 'alluxio.format': 'alluxio.kafka.connect.format.JsonFormat' }).props['format.class']).toBe(
      'json',
    );
    const other = resolveSeedKeys({ 'alluxio.format': 'com.example.MyFormat' });
    expect(other.props['format.class']).toBeUndefined();
    expect(other.notices[0]).toMatch(/^alluxio\.format \(Alluxio connector\): not used: .*otherwise set format\.class/);
  });

  it.each([
    ['alluxio.url', 'alluxio://localhost:19998', /store\.url\.endpoint=http:\/\/<alluxio-proxy>:39999\/api\/v1\/s3/],
    ['rotation.time.interval.ms', '-1', /rotate\.schedule\.interval\.ms .*rotate\.interval\.ms/],
    ['retry.time.interval.ms', '5000', /own jittered back-off/],
    ['oss.parquet.protobuf.schema.class', 'test,com.example.Demo', /format\.class=parquet/],
  ])('%s is not an alias: a notice says what to use instead, and nothing is changed', (key, value, advice) => {
    const { props, notices } = resolveSeedKeys({ [key]: value });
    expect(props).toEqual({ [key]: value });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`^${key.replaceAll('.', '\\.')} \\(`));
    expect(notices[0]).toMatch(advice);
    expect(notices[0]).not.toContain(value);
  });

  it('an alias and its target with the same meaning: the target is used, the notice says to remove the alias', () => {
    const same = resolveSeedKeys({ 'rotation.num': '3', 'flush.size': '3' });
    expect(same.problems).toEqual([]);
    expect(same.notices[0]).toMatch(/agrees with flush\.size/);
    const bucket = resolveSeedKeys({ 'oss.bucket': 'b', 'store.url': 'oss://b/prefix' });
    expect(bucket.problems).toEqual([]);
    expect(bucket.props['store.url']).toBe('oss://b/prefix');
  });

  it.each([
    [{ 'rotation.num': '3', 'flush.size': '10' }, 'rotation.num', /contradicts flush\.size=10/],
    [{ 's3.url': 's3://a/x', 'store.url': 's3://b/x' }, 's3.url', /contradicts store\.url=s3:\/\/b\/x/],
    [{ 'oss.bucket': 'a', 'store.url': 'oss://b/x' }, 'oss.bucket', /contradicts store\.url/],
    [{ 'oss.bucket': 'a', 'store.url': 's3://a/x' }, 'oss.bucket', /contradicts store\.url/],
  ])('an alias and its target with different values: a ConfigError on the alias (%o)', (props, key, reason) => {
    let error: unknown;
    try {
      parseSinkSettings({ 'format.class': 'json', 'flush.size': '1', ...props });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems.find((p) => p.key === key);
    expect(problem?.reason).toMatch(reason);
  });

  it('an s3.url that is not s3://bucket/prefix is a ConfigError, and credentials in it are not printed', () => {
    const { problems } = resolveSeedKeys({ 's3.url': 'hdfs://AKID:SECRET@host/x' });
    expect(problems[0]?.key).toBe('s3.url');
    expect(problems[0]?.value).toBe('hdfs://host/x');
    expect(JSON.stringify(problems)).not.toContain('SECRET');
  });

  it('the connector warns at start, once per key, naming the key and what to use, never the value', async () => {
    const warnings: Error[] = [];
    const listen = (warning: Error) => warnings.push(warning);
    process.on('warning', listen);
    try {
      await new StorageSinkConnector({ storage: new MemoryStorage() }).start({
        'rotation.num': '3',
        'alluxio.url': 'alluxio://secret-host:19998',
        'alluxio.format': 'alluxio.kafka.connect.format.JsonFormat',
        'rotation.time.interval.ms': '-1',
        'retry.time.interval.ms': '5000',
      });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listen);
    }
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'SINKKIT_SEED_CONNECTOR_KEY');
    expect(ours.map((w) => w.message.split(':')[1]?.trim())).toEqual([
      'alluxio.url (Alluxio connector)',
      'rotation.num (Alluxio connector)',
      'rotation.time.interval.ms (Alluxio connector)',
      'alluxio.format (Alluxio connector)',
      'retry.time.interval.ms (Alluxio connector)',
    ]);
    expect(ours.map((w) => w.message).join('\n')).not.toContain('secret-host');
  });
});
