import { MemoryStorage } from '@sinkkit/testkit';
import { describe, expect, it } from 'vitest';
import { StorageSinkConnector } from '../../src/index.js';

const STRING = 'org.apache.kafka.connect.storage.StringConverter';
const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';

/** The SINKKIT_OPAQUE_COLUMNAR_VALUES warnings a connector start emits with `props`. */
async function warningsAtStart(props: Record<string, string>): Promise<string[]> {
  const warnings: Error[] = [];
  const listen = (warning: Error) => warnings.push(warning);
  process.on('warning', listen);
  try {
    // A store given in code: the start-up reachability check is the application's then.
    await new StorageSinkConnector({ storage: new MemoryStorage() }).start({
      'flush.size': '10',
      ...props,
    });
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listen);
  }
  return warnings
    .filter((w) => (w as { code?: string }).code === 'SINKKIT_OPAQUE_COLUMNAR_VALUES')
    .map((w) => w.message);
}

describe('a columnar format fed text or bytes warns at start', () => {
  it.each([
    ['parquet', 'Parquet'],
    ['io.confluent.connect.s3.format.avro.AvroFormat', 'Avro'],
  ])(
    'format.class=%s with StringConverter: one warning suggesting JsonConverter with schemas.enable=false',
    async (format, name) => {
      const [warning, ...more] = await warningsAtStart({
        'format.class': format,
        'value.converter': STRING,
        'value.converter.secret.thing': 'hunter2',
      });
      expect(more).toEqual([]);
      expect(warning).toContain(`A ${name} file will hold each record's value as text in one column named value`);
      expect(warning).toContain(`value.converter=${STRING}`);
      expect(warning).toContain(`value.converter=${JSON_CONVERTER} with value.converter.schemas.enable=false`);
      expect(warning).not.toContain('hunter2');
    },
  );

  it('the default converter (ByteArrayConverter) says it gives bytes and that it is the default', async () => {
    const [warning] = await warningsAtStart({ 'format.class': 'parquet' });
    expect(warning).toMatch(
      /as bytes in one column named value: value\.converter is not set \(default org\.apache\.kafka\.connect\.converters\.ByteArrayConverter\)/,
    );
  });

  it.each<Record<string, string>>([
    { 'format.class': 'parquet', 'value.converter': JSON_CONVERTER, 'value.converter.schemas.enable': 'false' },
    { 'format.class': 'parquet', 'value.converter': 'io.confluent.connect.avro.AvroConverter' },
    { 'format.class': 'json', 'value.converter': STRING },
    { 'format.class': 'csv', 'value.converter': STRING },
  ])('no warning for %j', async (props) => {
    expect(await warningsAtStart(props)).toEqual([]);
  });
});
