#!/usr/bin/env node
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// The work is over. A client may still hold a socket (kafkajs waits out a request to a broker that
// never answers, 30 s; an abandoned task's store call may never return): that must not keep the
// process alive past its stop.
setTimeout(() => process.exit(code), 100).unref();
