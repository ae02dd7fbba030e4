import { parseArgs } from 'node:util';
import { BenchError } from './errors.js';

/** The harness's command line, parsed. */
export interface CliOptions {
  /** Names given to `--only` (comma-separated, repeatable); empty means every scenario. */
  only: string[];
  /** `--records N`, when given. */
  records: number | undefined;
  list: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--only NAME[,NAME…]] [--records N] [--list]

  --only NAME     run only these scenarios (comma-separated, or repeat the option)
  --records N     records per scenario (default: the scenario's own, usually 1 000 000)
  --list          list the scenarios and exit

Human-readable progress and the table go to stderr; stdout gets one JSON line per scenario.`;

/** Parses the harness's arguments. @throws BenchError on unknown options or a bad `--records`. */
export function parseCliOptions(args: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new BenchError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const only = (values.only ?? [])
    .flatMap((names) => names.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  return { only, records: records(values.records), list: values.list ?? false, help: values.help ?? false };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      only: { type: 'string', multiple: true },
      records: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

function records(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BenchError(`--records must be a positive integer (underscores allowed), got ${JSON.stringify(text)}`);
  }
  return value;
}
