import { type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from '../logger.js';

/**
 * Routes kafkajs's log lines into the runtime's logger one level lower than kafkajs files them:
 * kafkajs logs every retry it recovers from (a broker restart, a rebalance) as an error, while
 * the runtime reports what actually failed itself.
 */
export function kafkajsLogCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const text = `kafkajs: ${message}`;
      if (level === logLevel.ERROR) logger.warn(text, fields);
      else if (level === logLevel.WARN) logger.info(text, fields);
      else logger.debug(text, fields);
    };
}
