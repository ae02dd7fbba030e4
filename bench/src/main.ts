// `npm run bench`: runs the selected scenarios one after another. Progress and the table go to
// stderr; stdout carries one JSON line per scenario that succeeded (one per variant for a
// scenario that measures several, such as format-encode).
import { availableParallelism } from 'node:os';
import { parseCliOptions, USAGE } from './cli-options.js';
import { runScenario, selectScenarios } from './harness.js';
import { formatTable, type ResultLine } from './report.js';
import { scenarios } from './scenarios/index.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  if (options.help) {
    log(USAGE);
    return 0;
  }
  if (options.list) {
    for (const scenario of scenarios) log(`${scenario.name.padEnd(24)} ${scenario.description}`);
    return 0;
  }
  const selected = selectScenarios(scenarios, options.only);
  log(`sinkkit bench: node ${process.version}, ${availableParallelism()} cpus, ${selected.length} scenario(s)`);
  const lines: ResultLine[] = [];
  let failed = 0;
  for (const scenario of selected) {
    log(`[${scenario.name}] ${scenario.description}`);
    try {
      for (const line of await runScenario(scenario, options.records, log)) {
        lines.push(line);
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
    } catch (error) {
      failed++;
      log(`[${scenario.name}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  if (lines.length > 0) log(`\n${formatTable(lines)}\n`);
  if (failed > 0) log(`${failed} scenario(s) failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
