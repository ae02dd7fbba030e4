#!/usr/bin/env node
// The `sinkkit` command. A committed file rather than dist/bin.js itself, so that npm links the
// command at install time in a fresh clone, before anything is built.
import '../dist/bin.js';
