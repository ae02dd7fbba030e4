import { type DeclaredKeys, SecretKeys } from '@sinkkit/core';
import { PluginRegistry } from './plugin-registry.js';
import { runtimeConfigDef } from './runtime-config-def.js';

/** What {@link configSecrets} needs besides the properties. */
export interface ConfigSecretsOptions {
  /** The connector's (or task's) own definition: `connector.config()`. */
  readonly connector?: DeclaredKeys | null;
  /** The plugin classes the properties may name (as given to the runner). */
  readonly plugins?: PluginRegistry | ConstructorParameters<typeof PluginRegistry>[0];
}

const CONVERTERS = ['key.converter', 'value.converter', 'header.converter'] as const;

/**
 * The secret keys of a connector configuration, from the definitions of every component it
 * configures: the runtime's own keys, the connector's, each converter's under its
 * `key.converter.` / `value.converter.` / `header.converter.` prefix, each transformation's under
 * `transforms.<name>.` and each predicate's under `predicates.<name>.`, and Kafka's client
 * password keys under every client prefix. A class that cannot be resolved declares nothing, so
 * its keys fall back to the name rule. Never throws: it serves the messages that report bad configs.
 */
export function configSecrets(
  props: Readonly<Record<string, unknown>>,
  options: ConfigSecretsOptions = {},
): SecretKeys {
  const registry = options.plugins instanceof PluginRegistry ? options.plugins : new PluginRegistry(options.plugins);
  const runtime = runtimeConfigDef(registry);
  const secrets = new SecretKeys().declare(runtime).declare(options.connector);
  const text = (key: string): string => (props[key] == null ? '' : String(props[key]).trim());
  const defaults = new Map(runtime.keys().map((k) => [k.name, String(k.defaultValue ?? '')]));
  for (const key of CONVERTERS) {
    const name = text(key) || (defaults.get(key) ?? '');
    const known = key === 'header.converter' ? registry.headerConverters : registry.converters;
    secrets.declare(definitionOf(known.get(name)), `${key}.`);
  }
  for (const name of list(props.transforms)) {
    secrets.declare(definitionOf(registry.transformations.get(text(`transforms.${name}.type`))), `transforms.${name}.`);
  }
  for (const name of list(props.predicates)) {
    secrets.declare(definitionOf(registry.predicates.get(text(`predicates.${name}.type`))), `predicates.${name}.`);
  }
  return secrets;
}

function list(raw: unknown): string[] {
  const items = Array.isArray(raw) ? raw.map(String) : raw == null ? [] : String(raw).split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

// Reading a definition means making an instance, as the runtime does to configure it; a plugin
// whose constructor or config() throws has its keys judged by the name rule instead.
function definitionOf(Class: (new () => { config?(): DeclaredKeys }) | undefined): DeclaredKeys | null {
  if (!Class) return null;
  try {
    return new Class().config?.() ?? null;
  } catch {
    return null;
  }
}
