import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@sinkkit/core';
import { makeTestCertificates } from '@sinkkit/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginRegistry, parseRuntimeConfig, type RuntimeConfig, runtimeConfigDef } from '../../src/index.js';

const base = { name: 'sink', 'bootstrap.servers': 'localhost:9092', topics: 'orders' };
const FAKE_CERT = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
// Real PEM: the resolver loads what it maps, so a bad certificate or key fails at start.
let CERT: string;
let KEY: string;
let ENCRYPTED_KEY: string;
let OTHER_KEY: string;
beforeAll(async () => {
  const [certs, encrypted] = await Promise.all([
    makeTestCertificates(),
    makeTestCertificates({ clientKeyPassword: 'right' }),
  ]);
  CERT = certs.client.cert;
  KEY = certs.client.key;
  OTHER_KEY = encrypted.server.key;
  ENCRYPTED_KEY = encrypted.client.key;
  encryptedCert = encrypted.client.cert;
}, 30_000);
let encryptedCert: string;
const SECRET = 'pa55-w0rd-do-not-print';
const plain = (user = 'alice', password = SECRET) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="${user}" password="${password}";`;
const scram = (user = 'alice', password = SECRET) =>
  `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function parse(props: Record<string, unknown>): RuntimeConfig['kafkaSecurity'] {
  return parseRuntimeConfig({ ...base, ...props }, new PluginRegistry()).kafkaSecurity;
}

function problems(props: Record<string, unknown>): ConfigError {
  try {
    parse(props);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** The single problem about `key`, asserting the password never shows. */
function problemOf(props: Record<string, unknown>, key: string): string {
  const error = problems(props);
  expect(error.message).not.toContain(SECRET);
  const found = error.problems.filter((p) => p.key === key);
  expect(found.map((p) => p.key)).toEqual([key]);
  return `${found[0]?.value ?? ''} ${found[0]?.reason}`;
}

describe('security.protocol', () => {
  it('is PLAINTEXT for every client by default', () => {
    const security = parse({});
    for (const role of ['consumer', 'producer', 'admin'] as const) {
      expect(security[role]).toEqual({ protocol: 'PLAINTEXT', tls: null, sasl: null, oauth: null, saslProblems: [] });
    }
  });

  it('maps SSL to TLS with the hostname check on and Node’s CAs', () => {
    const security = parse({ 'security.protocol': 'SSL' });
    expect(security.consumer).toMatchObject({ protocol: 'SSL', tls: { verifyHostname: true }, sasl: null });
    expect(security.consumer.tls?.ca).toBeUndefined();
  });

  it('maps SASL_SSL / PLAIN with the JAAS credentials', () => {
    const security = parse({ 'security.protocol': 'sasl_ssl', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': plain() });
    expect(security.consumer.protocol).toBe('SASL_SSL');
    expect(security.consumer.tls).toEqual({ verifyHostname: true });
    expect(security.consumer.sasl).toEqual({ mechanism: 'plain', username: 'alice', password: SECRET });
  });

  it('maps SASL_PLAINTEXT / SCRAM-SHA-256 and SCRAM-SHA-512 without TLS', () => {
    for (const [name, mechanism] of [
      ['SCRAM-SHA-256', 'scram-sha-256'],
      ['scram-sha-512', 'scram-sha-512'],
    ] as const) {
      const security = parse({
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': name,
        'sasl.jaas.config': scram('bob'),
      });
      expect(security.producer).toMatchObject({ protocol: 'SASL_PLAINTEXT', tls: null });
      expect(security.producer.sasl).toEqual({ mechanism, username: 'bob', password: SECRET });
    }
  });

  it('refuses an unknown protocol naming key and value', () => {
    expect(problemOf({ 'security.protocol': 'TLS' }, 'security.protocol')).toContain(
      'TLS must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL',
    );
  });
});

describe("Connect's prefixes", () => {
  const jaas = { 'sasl.mechanism': 'PLAIN', 'security.protocol': 'SASL_SSL' };

  it('applies worker-level keys to every client', () => {
    const security = parse({ ...jaas, 'sasl.jaas.config': plain('worker') });
    for (const role of ['consumer', 'producer', 'admin'] as const) expect(security[role].sasl?.username).toBe('worker');
  });

  it('lets consumer., producer. and admin. keys win for their client only', () => {
    const security = parse({
      ...jaas,
      'sasl.jaas.config': plain('worker'),
      'consumer.sasl.jaas.config': plain('c'),
      'producer.sasl.jaas.config': plain('p'),
      'admin.sasl.jaas.config': plain('a'),
    });
    expect([security.consumer, security.producer, security.admin].map((s) => s.sasl?.username)).toEqual([
      'c',
      'p',
      'a',
    ]);
  });

  it('lets connector-level *.override. keys win over both', () => {
    const security = parse({
      ...jaas,
      'sasl.jaas.config': plain('worker'),
      'consumer.sasl.jaas.config': plain('c'),
      'consumer.override.sasl.jaas.config': plain('c-override'),
      'producer.override.sasl.jaas.config': plain('p-override'),
      'admin.override.security.protocol': 'SSL',
      'admin.override.sasl.mechanism': null,
    });
    expect(security.consumer.sasl?.username).toBe('c-override');
    expect(security.producer.sasl?.username).toBe('p-override');
    expect(security.consumer.protocol).toBe('SASL_SSL');
    expect(security.producer.protocol).toBe('SASL_SSL');
    expect(security.admin.protocol).toBe('SSL');
  });

  it('resolves key by key: a protocol from the worker, credentials from the connector', () => {
    const security = parse({
      'security.protocol': 'SASL_SSL',
      'consumer.override.sasl.mechanism': 'SCRAM-SHA-512',
      'consumer.override.sasl.jaas.config': scram('c'),
      'producer.override.sasl.mechanism': 'PLAIN',
      'producer.override.sasl.jaas.config': plain('p'),
    });
    expect(security.consumer.sasl).toMatchObject({ mechanism: 'scram-sha-512', username: 'c' });
    expect(security.producer.sasl).toMatchObject({ mechanism: 'plain', username: 'p' });
    // The admin client would have no mechanism: only code could complete it.
    expect(security.admin.saslProblems.map((p) => p.key)).toEqual(['sasl.mechanism']);
  });

  it('names the prefixed key in a refusal', () => {
    const reason = problemOf(
      { 'consumer.override.security.protocol': 'SSL', 'consumer.override.ssl.truststore.type': 'JKS' },
      'consumer.override.ssl.truststore.type',
    );
    expect(reason).toContain('JKS is not supported');
  });

  it('declares every secret as a password under every prefix', () => {
    const types = new Map(
      runtimeConfigDef(new PluginRegistry())
        .keys()
        .map((k) => [k.name, k.type]),
    );
    const secrets = [
      'sasl.jaas.config',
      'ssl.key.password',
      'ssl.keystore.key',
      'ssl.keystore.password',
      'ssl.truststore.password',
      // Kafka types the PEM texts as passwords too.
      'ssl.truststore.certificates',
      'ssl.keystore.certificate.chain',
    ];
    const prefixes = [
      '',
      'consumer.',
      'producer.',
      'admin.',
      'consumer.override.',
      'producer.override.',
      'admin.override.',
    ];
    for (const prefix of prefixes) {
      for (const key of secrets)
        expect([`${prefix}${key}`, types.get(`${prefix}${key}`)]).toEqual([`${prefix}${key}`, 'password']);
      expect(types.get(`${prefix}security.protocol`)).toBe('enum');
      expect(types.get(`${prefix}ssl.truststore.location`)).toBe('string');
    }
  });
});

describe('sasl.jaas.config', () => {
  const sasl = (jaas: string, mechanism = 'PLAIN') => ({
    'security.protocol': 'SASL_PLAINTEXT',
    'sasl.mechanism': mechanism,
    'sasl.jaas.config': jaas,
  });

  it('reads quoted values with escapes, single quotes and bare values', () => {
    const quoted = parse(
      sasl(
        String.raw`org.apache.kafka.common.security.plain.PlainLoginModule required username="a\"b" password="c\\d;e=f";`,
      ),
    );
    expect(quoted.consumer.sasl).toMatchObject({ username: 'a"b', password: 'c\\d;e=f' });
    const single = parse(
      sasl("org.apache.kafka.common.security.plain.PlainLoginModule   required\n  username='u 1'\n  password=p2 ;"),
    );
    expect(single.consumer.sasl).toMatchObject({ username: 'u 1', password: 'p2' });
  });

  it('refuses an unknown login module naming the key and the class, never the value', () => {
    const reason = problemOf(
      sasl(`com.example.MyLoginModule required username="alice" password="${SECRET}";`),
      'sasl.jaas.config',
    );
    expect(reason).toContain('[hidden]');
    expect(reason).toContain('login module com.example.MyLoginModule is not supported');
    expect(reason).toContain('PlainLoginModule');
  });

  it('refuses a login module that does not match the mechanism', () => {
    expect(problemOf(sasl(scram(), 'PLAIN'), 'sasl.jaas.config')).toContain(
      'ScramLoginModule does not go with sasl.mechanism=PLAIN',
    );
    expect(problemOf(sasl(plain(), 'SCRAM-SHA-256'), 'sasl.jaas.config')).toContain(
      'use org.apache.kafka.common.security.scram.ScramLoginModule',
    );
  });

  it('refuses malformed values without echoing them', () => {
    const cases: [string, string][] = [
      [`username="alice" password="${SECRET}";`, 'does not start with a login module class name'],
      [plain().slice(0, -1), 'must end with ";"'],
      [`${plain()} ${plain()}`, 'more than one login module'],
      [
        `org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="${SECRET};`,
        'without its closing quote',
      ],
      [
        `org.apache.kafka.common.security.plain.PlainLoginModule optional username="a" password="${SECRET}";`,
        'must be required',
      ],
      [
        `org.apache.kafka.common.security.plain.PlainLoginModule needed username="a" password="${SECRET}";`,
        'expected a control flag',
      ],
      [`org.apache.kafka.common.security.plain.PlainLoginModule required password="${SECRET}";`, 'needs username'],
      ['org.apache.kafka.common.security.plain.PlainLoginModule required username="a";', 'needs password'],
      [
        `org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password="${SECRET}" tokenauth="true";`,
        'option tokenauth is not supported',
      ],
      [
        `org.apache.kafka.common.security.plain.PlainLoginModule required username="a" password ${SECRET};`,
        'expected "=" after the option password',
      ],
    ];
    for (const [jaas, expected] of cases) expect(problemOf(sasl(jaas), 'sasl.jaas.config')).toContain(expected);
  });

  it('is needed for PLAIN and SCRAM unless SASL options are given in code', () => {
    const security = parse({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN' });
    expect(security.consumer.sasl).toBeNull();
    expect(security.consumer.saslProblems.map((p) => `${p.key}: ${p.reason}`)).toEqual([
      expect.stringContaining('sasl.jaas.config: missing: sasl.mechanism=PLAIN needs credentials'),
    ]);
  });
});

describe('sasl.mechanism', () => {
  const withMechanism = (mechanism: string) => ({
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': mechanism,
    'sasl.jaas.config': plain(),
  });

  it('refuses GSSAPI, AWS_MSK_IAM and unknown mechanisms at parse time', () => {
    expect(problemOf(withMechanism('GSSAPI'), 'sasl.mechanism')).toContain('Kerberos is not supported');
    const iam = problemOf(withMechanism('AWS_MSK_IAM'), 'sasl.mechanism');
    expect(iam).toContain('SCRAM-SHA-512');
    expect(iam).toContain('aws-msk-iam-sasl-signer-js');
    expect(problemOf(withMechanism('DIGEST-MD5'), 'sasl.mechanism')).toContain(
      'DIGEST-MD5 is not a supported SASL mechanism',
    );
  });

  it('leaves OAUTHBEARER and a missing mechanism to code (kafka.sasl), with a reason if code gives none', () => {
    const oauth = parse({ 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'OAUTHBEARER' });
    expect(oauth.consumer.saslProblems[0]?.reason).toContain('set sasl.oauthbearer.token.endpoint.url');
    expect(oauth.consumer.saslProblems[0]?.reason).toContain('or give a token provider in code');
    const missing = parse({ 'security.protocol': 'SASL_PLAINTEXT' });
    expect(missing.consumer.saslProblems[0]?.reason).toContain("Kafka's default GSSAPI (Kerberos) is not supported");
  });
});

describe('OAUTHBEARER with client credentials (KIP-768)', () => {
  const oauth = (extra: Record<string, string> = {}) => ({
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': 'OAUTHBEARER',
    'sasl.oauthbearer.token.endpoint.url': 'https://idp.example.com/oauth2/token',
    'sasl.login.callback.handler.class': 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
    'sasl.jaas.config': `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="sink" clientSecret="${SECRET}" scope="kafka";`,
    ...extra,
  });

  it('maps the token endpoint and the JAAS client credentials', () => {
    const security = parse(oauth());
    expect(security.consumer.sasl).toBeNull();
    expect(security.consumer.saslProblems).toEqual([]);
    expect(security.consumer.oauth).toEqual({
      mechanism: 'oauthbearer',
      tokenEndpoint: 'https://idp.example.com/oauth2/token',
      clientId: 'sink',
      clientSecret: SECRET,
      scope: 'kafka',
    });
  });

  it('refuses another handler class, a bad URL, missing credentials and OAuth keys with another mechanism', () => {
    expect(
      problemOf(
        oauth({
          'sasl.login.callback.handler.class': 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler',
        }),
        'sasl.login.callback.handler.class',
      ),
    ).toContain('is a Java class that cannot run here');
    expect(
      problemOf(
        oauth({ 'sasl.oauthbearer.token.endpoint.url': 'file:///etc/token' }),
        'sasl.oauthbearer.token.endpoint.url',
      ),
    ).toContain('must be an http(s) URL');
    expect(
      problemOf(
        oauth({
          'sasl.jaas.config':
            'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="sink";',
        }),
        'sasl.jaas.config',
      ),
    ).toContain('needs clientId="…" and clientSecret="…"');
    expect(problemOf(oauth({ 'sasl.jaas.config': plain() }), 'sasl.jaas.config')).toContain(
      'PlainLoginModule does not go with sasl.mechanism=OAUTHBEARER',
    );
    expect(
      problemOf(
        {
          'security.protocol': 'SASL_SSL',
          'sasl.mechanism': 'PLAIN',
          'sasl.jaas.config': plain(),
          'sasl.oauthbearer.token.endpoint.url': 'https://idp/t',
        },
        'sasl.oauthbearer.token.endpoint.url',
      ),
    ).toContain('is used only with sasl.mechanism=OAUTHBEARER, not PLAIN');
  });
});

describe('TLS keys', () => {
  const ssl = { 'security.protocol': 'SSL' };

  it('maps ssl.truststore.certificates (PEM text) to the CA', () => {
    expect(parse({ ...ssl, 'ssl.truststore.certificates': CERT }).consumer.tls?.ca).toBe(CERT.trim());
  });

  it('maps ssl.truststore.location of a PEM file, with or without ssl.truststore.type=PEM', () => {
    const path = file('ca.pem', CERT);
    expect(parse({ ...ssl, 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': path }).consumer.tls?.ca).toBe(
      CERT,
    );
    expect(parse({ ...ssl, 'ssl.truststore.location': path }).consumer.tls?.ca).toBe(CERT);
  });

  it('refuses JKS and PKCS12 stores saying how to convert them to PEM', () => {
    const trust = problemOf(
      { ...ssl, 'ssl.truststore.type': 'JKS', 'ssl.truststore.location': 'x.jks' },
      'ssl.truststore.type',
    );
    expect(trust).toContain('keytool -exportcert -rfc');
    expect(trust).toContain('ssl.truststore.type=PEM');
    const keys = problemOf(
      { ...ssl, 'ssl.keystore.type': 'PKCS12', 'ssl.keystore.location': 'x.p12' },
      'ssl.keystore.type',
    );
    expect(keys).toContain('openssl pkcs12');
    const jksFile = file('truststore.jks', '\xfe\xed\xfe\xedbinary');
    expect(problemOf({ ...ssl, 'ssl.truststore.location': jksFile }, 'ssl.truststore.location')).toContain(
      'is not a PEM file (without ssl.truststore.type, Kafka reads it as JKS)',
    );
    expect(problemOf({ ...ssl, 'ssl.truststore.type': 'BCFKS' }, 'ssl.truststore.type')).toContain('must be PEM');
  });

  it('refuses store passwords (a PEM store has none), an unreadable file and two sources', () => {
    expect(problemOf({ ...ssl, 'ssl.truststore.password': SECRET }, 'ssl.truststore.password')).toContain(
      '[hidden] a PEM trust store has no password',
    );
    expect(
      problemOf(
        { ...ssl, 'ssl.keystore.certificate.chain': CERT, 'ssl.keystore.key': KEY, 'ssl.keystore.password': SECRET },
        'ssl.keystore.password',
      ),
    ).toContain('an encrypted key takes ssl.key.password');
    expect(
      problemOf({ ...ssl, 'ssl.truststore.location': join(dir, 'missing.pem') }, 'ssl.truststore.location'),
    ).toContain('cannot be read');
    expect(
      problemOf(
        { ...ssl, 'ssl.truststore.location': file('a.pem', CERT), 'ssl.truststore.certificates': CERT },
        'ssl.truststore.certificates',
      ),
    ).toContain('not both');
    expect(problemOf({ ...ssl, 'ssl.truststore.certificates': 'not a cert' }, 'ssl.truststore.certificates')).toContain(
      'holds no PEM certificate',
    );
  });

  it('maps a PEM key store given inline or as one file, with ssl.key.password', () => {
    const inline = parse({
      ...ssl,
      'ssl.keystore.certificate.chain': CERT,
      'ssl.keystore.key': KEY,
      'ssl.key.password': SECRET,
    }).consumer.tls;
    expect(inline).toMatchObject({ cert: CERT.trim(), key: KEY.trim(), passphrase: SECRET });
    const path = file('keystore.pem', `${KEY}${CERT}${CERT}`);
    const fromFile = parse({ ...ssl, 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': path }).consumer.tls;
    expect(fromFile?.key).toBe(KEY.trim());
    expect(fromFile?.cert).toBe(`${CERT.trim()}\n${CERT.trim()}`);
  });

  it('refuses half a key store and a key password without one', () => {
    expect(problemOf({ ...ssl, 'ssl.keystore.key': KEY }, 'ssl.keystore.key')).toContain(
      'needs ssl.keystore.certificate.chain too',
    );
    expect(problemOf({ ...ssl, 'ssl.keystore.certificate.chain': CERT }, 'ssl.keystore.certificate.chain')).toContain(
      'needs ssl.keystore.key',
    );
    expect(problemOf({ ...ssl, 'ssl.key.password': SECRET }, 'ssl.key.password')).toContain('no key store');
    expect(
      problemOf({ ...ssl, 'ssl.keystore.location': file('only-cert.pem', CERT) }, 'ssl.keystore.location'),
    ).toContain('Kafka reads it as JKS');
  });

  it('loads the material at start: a bad certificate, a wrong key password or a mismatched key fails naming its key', async () => {
    expect(problemOf({ ...ssl, 'ssl.truststore.certificates': FAKE_CERT }, 'ssl.truststore.certificates')).toContain(
      'cannot be loaded',
    );
    const keystore = { ...ssl, 'ssl.keystore.certificate.chain': encryptedCert, 'ssl.keystore.key': ENCRYPTED_KEY };
    expect(parse({ ...keystore, 'ssl.key.password': 'right' }).consumer.tls?.passphrase).toBe('right');
    expect(problemOf({ ...keystore, 'ssl.key.password': SECRET }, 'ssl.key.password')).toBe(
      '[hidden] does not decrypt the private key of ssl.keystore.key',
    );
    expect(problemOf(keystore, 'ssl.key.password')).toContain(
      'missing: the private key of ssl.keystore.key is encrypted',
    );
    const mismatch = problemOf(
      { ...ssl, 'ssl.keystore.certificate.chain': CERT, 'ssl.keystore.key': OTHER_KEY },
      'ssl.keystore.key',
    );
    expect(mismatch).toMatch(/^\[hidden\] cannot be loaded: .*key values mismatch/);
  });

  it('maps ssl.endpoint.identification.algorithm: https checks the host name, empty does not', () => {
    expect(parse({ ...ssl, 'ssl.endpoint.identification.algorithm': 'HTTPS' }).consumer.tls?.verifyHostname).toBe(true);
    expect(parse({ ...ssl, 'ssl.endpoint.identification.algorithm': '' }).consumer.tls?.verifyHostname).toBe(false);
    expect(
      problemOf({ ...ssl, 'ssl.endpoint.identification.algorithm': 'dns' }, 'ssl.endpoint.identification.algorithm'),
    ).toContain('must be https');
  });
});

describe('keys the client cannot honour', () => {
  it('refuses TLS keys when the protocol has no TLS, and SASL keys when it has no SASL', () => {
    expect(problemOf({ 'ssl.truststore.certificates': CERT }, 'ssl.truststore.certificates')).toContain(
      'security.protocol=PLAINTEXT does not use TLS',
    );
    expect(problemOf({ 'security.protocol': 'SSL', 'sasl.jaas.config': plain() }, 'sasl.jaas.config')).toContain(
      '[hidden] is set, but security.protocol=SSL does not use SASL',
    );
  });

  it('refuses ssl.* and sasl.* keys it does not know, under any prefix', () => {
    const error = problems({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': plain(),
      'ssl.enabled.protocols': 'TLSv1.2',
      'sasl.kerberos.service.name': 'kafka',
      'consumer.override.sasl.login.callback.handler.class': 'x.Y',
      'producer.ssl.cipher.suites': 'TLS_AES_128_GCM_SHA256',
      'admin.override.sasl.oauthbearer.token.endpoint.url': 'https://idp',
    });
    expect(error.keys.sort()).toEqual([
      'admin.override.sasl.oauthbearer.token.endpoint.url',
      'consumer.override.sasl.login.callback.handler.class',
      'producer.ssl.cipher.suites',
      'sasl.kerberos.service.name',
      'ssl.enabled.protocols',
    ]);
    expect(error.message).toContain('ssl.enabled.protocols: is not supported by sinkkit');
    expect(error.message).toContain('Kerberos (GSSAPI) is not supported');
    expect(error.message).not.toContain(SECRET);
  });

  it('leaves keys of other components alone', () => {
    const security = parse({ 'value.converter.ssl.truststore.location': '/x', 'consumer.override.group.id': 'g' });
    expect(security.consumer.protocol).toBe('PLAINTEXT');
  });
});
