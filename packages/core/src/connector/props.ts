/**
 * String-to-string settings as Kafka Connect hands them to connectors and tasks (parsed from
 * `.properties` files or a REST body). Typed values come from parsing them with a `ConfigDef`.
 */
export type ConnectorProps = Readonly<Record<string, string>>;

/**
 * Settings of a plugin configured in code or from connector properties with the prefix
 * removed (`value.converter.schemas.enable` → `schemas.enable`); values may already be typed.
 */
export type PluginConfigs = Readonly<Record<string, unknown>>;

/**
 * A value or a promise of one. Lifecycle methods may be synchronous or asynchronous; the
 * runtime awaits them, and a synchronous implementation costs no extra tick.
 */
export type MaybePromise<T> = T | Promise<T>;
