/**
 * The outcome of validating one configuration key, as `ConfigDef.validate` and
 * `SinkConnector.validate` report it (Connect's `ConfigValue`, for UIs and the REST API).
 */
export interface ConfigValueReport {
  readonly name: string;
  /** The value as printed (`[hidden]` for secrets), or `null` when unset with no default. */
  readonly value: string | null;
  /** Every problem with the value, each a full sentence naming key and value. Empty if valid. */
  readonly errors: readonly string[];
}
