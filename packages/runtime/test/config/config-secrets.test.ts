import { AvroConverter } from '@sinkkit/converters';
import { ConfigDef, type SinkRecord, type Transformation } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { configSecrets } from '../../src/index.js';

class KeyedTransform implements Transformation {
  configure(): void {}
  apply(record: SinkRecord): SinkRecord {
    return record;
  }
  config(): ConfigDef {
    return new ConfigDef()
      .define('vault.handle', { type: 'password', doc: '' })
      .define('vault.secret.path', { type: 'string', doc: '' });
  }
  close(): void {}
}

describe('configSecrets', () => {
  it('reads each configured converter definition under its own prefix', () => {
    const props = {
      'value.converter': AvroConverter.CLASS_NAME,
      'value.converter.basic.auth.credentials.source': 'USER_INFO',
      'value.converter.basic.auth.user.info': 'u:p',
      'key.converter': 'StringConverter',
    };
    const secrets = configSecrets(props);
    expect(secrets.isDeclared('value.converter.basic.auth.user.info')).toBe(true);
    expect(secrets.isSecret('value.converter.basic.auth.user.info')).toBe(true);
    expect(secrets.isSecret('value.converter.basic.auth.credentials.source')).toBe(false);
    // The key converter is a StringConverter: the Avro keys are not its own, the name rule applies.
    expect(secrets.isDeclared('key.converter.basic.auth.user.info')).toBe(false);
    expect(secrets.isSecret('key.converter.basic.auth.user.info')).toBe(true);
  });

  it("follows a transformation's declared types under transforms.<name>., whatever the names say", () => {
    const props = { transforms: 'a, b', 'transforms.a.type': 'KeyedTransform', 'transforms.b.type': 'Missing' };
    const secrets = configSecrets(props, { plugins: { transformations: { KeyedTransform } } });
    expect(secrets.isSecret('transforms.a.vault.handle')).toBe(true);
    expect(secrets.isSecret('transforms.a.vault.secret.path')).toBe(false);
    // An unresolvable class declares nothing: its keys fall back to the name rule.
    expect(secrets.isSecret('transforms.b.vault.handle')).toBe(false);
    expect(secrets.isSecret('transforms.b.vault.secret.path')).toBe(true);
  });

  it("includes the connector's definition and the Kafka client keys under every prefix", () => {
    const connector = new ConfigDef().define('db.pin', { type: 'password', doc: '' });
    const secrets = configSecrets({}, { connector });
    expect(secrets.isSecret('db.pin')).toBe(true);
    expect(secrets.isSecret('producer.override.ssl.key.password')).toBe(true);
    expect(secrets.isSecret('consumer.override.sasl.jaas.config')).toBe(true);
    expect(secrets.isSecret('consumer.override.group.id')).toBe(false);
  });
});
