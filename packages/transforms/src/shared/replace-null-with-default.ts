/**
 * Kafka's `replace.null.with.default` setting (3.7+), shared by every transformation that reads
 * Struct fields: when true (the default) a null field reads as its schema's default, as
 * `Struct.get` does; when false it stays null (`Struct.getWithoutDefault`).
 */
export const REPLACE_NULL_WITH_DEFAULT = {
  type: 'boolean',
  default: true,
  doc: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
} as const;
