export { TestkitError } from './errors.js';
export * from './kafka/index.js';
export { freePort, waitForPort } from './net/free-port.js';
export { leftoverProcesses, type RecordedProcess } from './process/leftovers.js';
export {
  isAlive,
  PID_DIR_ENV,
  runningProcesses,
  type ServerProcess,
  startProcess,
  stopAllProcesses,
} from './process/server-process.js';
export * from './proxy/index.js';
export * from './servers/index.js';
