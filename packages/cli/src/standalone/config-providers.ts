import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseProperties } from '@sinkkit/core';
import { UsageError } from '../errors.js';

/** One of Kafka's config providers: the value for `key` (under `path` when it takes one). */
type Provider = (
  path: string | undefined,
  key: string,
  env: Readonly<Record<string, string | undefined>>,
) => Promise<string | undefined>;

const fileProvider: Provider = async (path, key) => {
  if (path === undefined) return undefined;
  return parseProperties(await readFile(path, 'utf8'))[key];
};

const directoryProvider: Provider = async (path, key) => {
  if (path === undefined || key.includes('/') || key === '..') return undefined;
  return readFile(join(path, key), 'utf8');
};

const envProvider: Provider = async (_path, key, env) => env[key];

/** Kafka's built-in providers, by their class names. */
const PROVIDER_CLASSES: Readonly<Record<string, Provider>> = {
  'org.apache.kafka.common.config.provider.FileConfigProvider': fileProvider,
  'org.apache.kafka.common.config.provider.DirectoryConfigProvider': directoryProvider,
  'org.apache.kafka.common.config.provider.EnvVarConfigProvider': envProvider,
};

// Kafka's variable syntax: ${provider:[path:]key}.
const VARIABLE = /\$\{([^}:]+):(?:([^}]*):)?([^}]*)\}/g;

/** Properties with their `${provider:…}` variables resolved, and the keys that had any (to print unresolved). */
export interface ResolvedProperties {
  readonly props: Record<string, string>;
  /** The key's value as written (with its variables), for every key that had a variable. */
  readonly written: Record<string, string>;
}

/**
 * Resolves Kafka's config provider variables in `props`, with the providers the worker declares
 * as Kafka does (`config.providers=file,env`, `config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider`):
 * `${file:/path/to/file.properties:key}`, `${directory:/path/to/dir:file}` (the file's content)
 * and `${env:VAR}`. A variable naming an undeclared provider is left as written, as in Kafka;
 * one whose value cannot be found fails start, naming the key and the variable (never a value).
 */
export async function resolveConfigProviders(
  props: Readonly<Record<string, string>>,
  worker: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): Promise<ResolvedProperties> {
  const providers = declaredProviders(worker, file);
  const resolved: Record<string, string> = { ...props };
  const written: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    const variables = [...value.matchAll(VARIABLE)].filter((m) => providers.has(m[1] as string));
    if (variables.length === 0) continue;
    let result = '';
    let last = 0;
    for (const match of variables) {
      const [variable, name, path, item] = match as unknown as [string, string, string | undefined, string];
      const found = await (providers.get(name) as Provider)(path, item, env).catch(() => undefined);
      if (found === undefined)
        throw new UsageError(
          `${file}: Invalid value for configuration ${key}: ${variable} could not be resolved (no such ${path === undefined ? 'variable' : 'file or key'})`,
        );
      result += value.slice(last, match.index) + found;
      last = (match.index ?? 0) + variable.length;
    }
    resolved[key] = result + value.slice(last);
    written[key] = value;
  }
  return { props: resolved, written };
}

function declaredProviders(worker: Readonly<Record<string, string>>, file: string): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const name of (worker['config.providers'] ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)) {
    const key = `config.providers.${name}.class`;
    const className = worker[key]?.trim();
    const provider = className === undefined ? undefined : PROVIDER_CLASSES[className];
    if (provider === undefined)
      throw new UsageError(
        `${file}: Invalid value ${className ?? ''} for configuration ${key}: ${className === undefined ? 'missing' : 'unknown config provider'}; known: ${Object.keys(PROVIDER_CLASSES).join(', ')}`,
      );
    providers.set(name, provider);
  }
  return providers;
}
