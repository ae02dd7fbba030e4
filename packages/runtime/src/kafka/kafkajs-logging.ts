import { type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from '../logger.js';

/** Whether the client is still making its first connection; see {@link kafkajsLogCreator}. */
export interface ConnectPhase {
  connecting: boolean;
}

// What kafkajs logs for every failed attempt while it retries a connection.
const CONNECT_NOISE = /^(Connection error|Connection timeout|Failed to connect to seed broker|Closed connection)/;

/**
 * Routes kafkajs's log lines into the runtime's logger one level lower than kafkajs files them:
 * kafkajs logs every retry it recovers from (a broker restart, a rebalance) as an error, while
 * the runtime reports what actually failed itself. Stack traces (of network errors, mostly) go
 * to debug only, so a warning stays one line. While `phase.connecting`, the per-attempt
 * connection errors go to debug: the start then fails with one error saying what was tried
 * (see `connectError`).
 */
export function kafkajsLogCreator(logger: Logger, phase: ConnectPhase = { connecting: false }) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, stack, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const text = `kafkajs: ${message}`;
      const withStack = stack === undefined ? fields : { ...fields, stack };
      if (level === logLevel.ERROR && !(phase.connecting && CONNECT_NOISE.test(message))) logger.warn(text, fields);
      else if (level === logLevel.WARN) logger.info(text, fields);
      else logger.debug(text, withStack);
    };
}
