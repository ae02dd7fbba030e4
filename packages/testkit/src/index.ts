export { TestkitError } from './errors.js';
export { freePort, waitForPort } from './net/free-port.js';
export { type RecordedProcess, leftoverProcesses } from './process/leftovers.js';
export {
  PID_DIR_ENV,
  type ServerProcess,
  isAlive,
  runningProcesses,
  startProcess,
  stopAllProcesses,
} from './process/server-process.js';
