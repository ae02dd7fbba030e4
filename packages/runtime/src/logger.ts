/**
 * Where the runtime writes what happens (rebalances, retries, commit failures). Fields are
 * plain data; nothing passed here contains record keys, values or secrets.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes warnings and errors to stderr; drops debug and info. The default. */
export const consoleLogger: Logger = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: (message: string, fields?: Record<string, unknown>) => console.warn(`[sinkkit] ${message}`, fields ?? ''),
  error: (message: string, fields?: Record<string, unknown>) => console.error(`[sinkkit] ${message}`, fields ?? ''),
});

/** Drops everything; for tests and embedded use where the caller watches `status()` instead. */
export const silentLogger: Logger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });
