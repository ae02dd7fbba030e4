import { describe, expect, it } from 'vitest';
import {
  ConfigDef,
  ConfigError,
  HIDDEN,
  KAFKA_CLIENT_PASSWORD_KEYS,
  KAFKA_CLIENT_PREFIXES,
  SecretKeys,
} from '../../src/index.js';

const converterDef = () =>
  new ConfigDef()
    .define('basic.auth.credentials.source', { type: 'string', default: 'URL', doc: '' })
    .define('basic.auth.user.info', { type: 'password', default: null, doc: '' })
    .define('schema.registry.url', { type: 'list', doc: '' });

describe('SecretKeys', () => {
  it('follows the declared type under each prefix, not the name', () => {
    const secrets = new SecretKeys()
      .declare(new ConfigDef().define('custom.opaque', { type: 'password', doc: '' }))
      .declare(converterDef(), 'value.converter.');
    expect(secrets.isSecret('custom.opaque')).toBe(true);
    expect(secrets.isSecret('value.converter.basic.auth.user.info')).toBe(true);
    // Declared as a plain string: shown, although "credentials" is in its name.
    expect(secrets.isSecret('value.converter.basic.auth.credentials.source')).toBe(false);
    // The same key under a prefix nobody declared falls back to the name rule.
    expect(secrets.isSecret('key.converter.basic.auth.user.info')).toBe(true);
  });

  it('a key any definition types password stays secret whatever another one says', () => {
    const plain = new ConfigDef().define('x.token', { type: 'string', doc: '' });
    const secret = new ConfigDef().define('x.token', { type: 'password', doc: '' });
    expect(new SecretKeys().declare(secret).declare(plain).isSecret('x.token')).toBe(true);
    expect(new SecretKeys().declare(plain).declare(secret).isSecret('x.token')).toBe(true);
  });

  it('hides every Kafka client password key under every client prefix, even when declared otherwise', () => {
    const secrets = new SecretKeys().declare(new ConfigDef().define('ssl.keystore.key', { type: 'string', doc: '' }));
    for (const prefix of KAFKA_CLIENT_PREFIXES) {
      for (const key of KAFKA_CLIENT_PASSWORD_KEYS)
        expect(secrets.isSecret(`${prefix}${key}`), prefix + key).toBe(true);
    }
    expect(KAFKA_CLIENT_PASSWORD_KEYS).toEqual(
      expect.arrayContaining([
        'sasl.jaas.config',
        'ssl.key.password',
        'ssl.keystore.password',
        'ssl.truststore.password',
        'ssl.keystore.key',
      ]),
    );
  });

  it('falls back to the documented name rule for undeclared keys', () => {
    const secrets = new SecretKeys();
    for (const key of [
      'a.password',
      'x.passwd',
      'client.secret',
      'sasl.jaas.config',
      'auth.token',
      'gcs.credentials.json',
      'basic.auth.user.info',
      'x.userinfo',
      'tls.private.key',
      'service.api.key',
      'x.apikey',
      'url.signature',
      'ssl.keystore.key',
      'azblob.account.key',
    ])
      expect(secrets.isSecret(key), key).toBe(true);
    for (const key of [
      'basic.auth.credentials.source',
      'value.converter.basic.auth.credentials.source',
      'sasl.oauthbearer.token.endpoint.url',
      'aws.access.key.id',
      'ssl.keystore.location',
      'ssl.keystore.type',
      'sasl.mechanism',
      'flush.size',
      'partition.field.name',
    ])
      expect(secrets.isSecret(key), key).toBe(false);
  });

  it('redacts by key: a value equal to a short secret elsewhere is shown as written', () => {
    const secrets = new SecretKeys().declare(converterDef(), 'value.converter.');
    const shown = secrets.redact({
      'format.class': 'json',
      'value.converter.basic.auth.user.info': 'json',
      'value.converter.schema.registry.url': 'http://user:p@ss/w@registry:8081/x',
      'store.url': 's3://AKID:SECRET@bucket/p',
      'flush.size': 3,
    });
    expect(shown).toEqual({
      'format.class': 'json',
      'value.converter.basic.auth.user.info': HIDDEN,
      'value.converter.schema.registry.url': `http://${HIDDEN}@registry:8081/x`,
      'store.url': `s3://${HIDDEN}@bucket/p`,
      'flush.size': '3',
    });
  });
});

describe('ConfigError and URL userinfo', () => {
  it('never prints a userinfo quoted in a rejected value or in the reason', () => {
    const error = new ConfigError({
      key: 'store.url',
      value: 's3://AKID:SECRET@bucket/p',
      reason: 'contradicts s3.bucket.name; compare http://user:pass@host',
    });
    expect(error.message).not.toMatch(/AKID|SECRET|user:pass/);
    expect(error.message).toBe(
      `Invalid value s3://${HIDDEN}@bucket/p for configuration store.url: contradicts s3.bucket.name; compare http://${HIDDEN}@host`,
    );
    expect(JSON.stringify(error.problems)).not.toMatch(/AKID|SECRET|user:pass/);
  });

  it('hides a parsed config value with userinfo in JSON and toString', () => {
    const parsed = new ConfigDef()
      .define('schema.registry.url', { type: 'string', doc: '' })
      .parse({ 'schema.registry.url': 'http://user:pass@host', 'other.url': 'https://a:b@c/d' });
    expect(JSON.stringify(parsed)).not.toMatch(/user:pass|a:b@/);
    expect(String(parsed)).toBe(`schema.registry.url = http://${HIDDEN}@host`);
  });
});
