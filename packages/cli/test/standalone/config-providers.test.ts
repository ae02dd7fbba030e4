// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests write Kafka's ${provider:…} variables
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { resolveConfigProviders } from '../../src/standalone/config-providers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinkkit-providers-'));
  writeFileSync(join(dir, 'secrets.properties'), 'password=s3cr3t-from-file\nuser=ann\n');
  writeFileSync(join(dir, 'token'), 'token-from-directory');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const worker = {
  'config.providers': 'file,dir,env',
  'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
  'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
  'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
};

describe('resolveConfigProviders', () => {
  it('resolves file, directory and env variables, and keeps what each key said as written', async () => {
    const props = {
      'sasl.jaas.config': `user=\${file:${join(dir, 'secrets.properties')}:user} password=\${file:${join(dir, 'secrets.properties')}:password}`,
      token: `\${dir:${dir}:token}`,
      region: '${env:SINKKIT_TEST_REGION}',
      plain: 'no variables',
      undeclared: '${vault:secret/x:key}',
    };
    const { props: resolved, written } = await resolveConfigProviders(
      props,
      worker,
      { SINKKIT_TEST_REGION: 'eu-1' },
      'w.properties',
    );
    expect(resolved).toEqual({
      'sasl.jaas.config': 'user=ann password=s3cr3t-from-file',
      token: 'token-from-directory',
      region: 'eu-1',
      plain: 'no variables',
      undeclared: '${vault:secret/x:key}',
    });
    expect(Object.keys(written).sort()).toEqual(['region', 'sasl.jaas.config', 'token']);
    expect(written['sasl.jaas.config']).toBe(props['sasl.jaas.config']);
  });

  it('fails naming the key and the variable, never a value, when a variable cannot be resolved', async () => {
    const missing = resolveConfigProviders(
      { password: `\${file:${join(dir, 'secrets.properties')}:nope}` },
      worker,
      {},
      'c.properties',
    );
    await expect(missing).rejects.toThrow(UsageError);
    await expect(missing).rejects.toThrow(
      /c\.properties: Invalid value for configuration password: \$\{file:.*:nope\} could not be resolved/,
    );
    await expect(missing).rejects.not.toThrow(/s3cr3t/);
    await expect(resolveConfigProviders({ a: '${dir:/nowhere:x}' }, worker, {}, 'c')).rejects.toThrow(
      /could not be resolved/,
    );
  });

  it('refuses a provider without a known class, naming its key', async () => {
    await expect(
      resolveConfigProviders(
        {},
        { 'config.providers': 'vault', 'config.providers.vault.class': 'com.acme.Vault' },
        {},
        'w',
      ),
    ).rejects.toThrow(/config\.providers\.vault\.class: unknown config provider/);
  });
});
