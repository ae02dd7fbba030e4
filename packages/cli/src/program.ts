import { stripUserinfo } from '@sinkkit/core';
import { stopOnSignals } from '@sinkkit/runtime';
import { Command, CommanderError } from 'commander';
import { ExitCode, exitCodeOf, UsageError } from './errors.js';
import { readPropertiesFile } from './standalone/properties-file.js';
import { type StandaloneWorker, startStandalone } from './standalone/standalone.js';
import { openStorage } from './storage/open-storage.js';
import { formatReport, reportToJson } from './verify/format-report.js';
import { type ProgressStream, progressReporter } from './verify/progress-reporter.js';
import { verify } from './verify/verify.js';

/** Where the command line writes; the process's streams unless a test passes its own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Where `verify` draws its progress line; only a TTY gets one. Default: none. */
  readonly progress?: ProgressStream;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: process.stderr,
};

/**
 * Runs `sinkkit <argv…>` and resolves its exit code (see `ExitCode`): `standalone` runs until
 * SIGTERM/SIGINT and then stops gracefully, `verify` audits a store once.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = ExitCode.OK;
  const program = new Command('sinkkit')
    .description('Exactly-once Kafka sink connectors for Node.js')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run sinkkit --help for usage)');

  program
    .command('standalone')
    .description('run sink connectors from a worker file and connector files, as Kafka Connect standalone does')
    .argument(
      '<worker.properties>',
      'worker settings: bootstrap.servers, key/value.converter, offset.flush.interval.ms, consumer.*; CONNECT_* variables override them, and a worker configured by them alone needs no file (then every file is a connector file)',
    )
    .argument(
      '[connector.properties...]',
      "one file per connector: name, connector.class, tasks.max, topics and the sink's keys",
    )
    .action(async (firstFile: string, otherFiles: string[]) => {
      const { workerFile, connectorFiles } = await splitStandaloneFiles(firstFile, otherFiles);
      // The handlers go in before anything starts. Start-up takes seconds (the first group join)
      // and may stall (a broker that never answers, a connector whose start hangs): a signal then
      // cuts it short, within task.shutdown.graceful.timeout.ms like any stop.
      let worker: StandaloneWorker | undefined;
      const stopRequested = new AbortController();
      const removeHandlers = stopOnSignals({
        stop: async () => {
          if (!worker) io.err('[sinkkit] stop requested during start-up: stopping now\n');
          stopRequested.abort();
          await worker?.stop();
        },
      });
      try {
        worker = await startStandalone({ workerFile, connectorFiles, signal: stopRequested.signal });
        const result = await worker.done;
        if (result.failed) io.err('[sinkkit] stopped after a task failed\n');
        else if (result.abandoned.length > 0) {
          io.err(
            `[sinkkit] stopped, giving up on ${result.abandoned.join(', ')} after task.shutdown.graceful.timeout.ms: uncommitted records will be re-read from Kafka\n`,
          );
        } else io.err('[sinkkit] stopped\n');
        code = result.failed ? ExitCode.FAILED : result.abandoned.length > 0 ? ExitCode.STOP_TIMEOUT : ExitCode.OK;
      } finally {
        removeHandlers();
      }
    });

  program
    .command('verify')
    .description('audit a store: every committed offset exactly once, every committed file present, nothing else')
    .option(
      '--store-url <url>',
      'file:///path, a folder path, s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix or oss://bucket/prefix (default: store.url of --config)',
    )
    .option(
      '--config <file>',
      "a properties file with the sink's storage keys (store.url, azblob.*, gcs.*, oss.*, s3.*, store.url.endpoint), e.g. the connector's own",
    )
    .option('--topics <list>', 'comma-separated topics (default: every topic with a commit log)')
    .option('--topics-dir <dir>', 'folder of the data files', 'topics')
    .option('--file-delim <delimiter>', 'delimiter in data file names', '+')
    .option('--s3-endpoint <url>', 'endpoint of an S3-compatible server')
    .option('--s3-region <region>', 'region (default: AWS_REGION or us-east-1)')
    .option('--s3-path-style', 'path-style requests, as most S3-compatible servers need')
    .option(
      '--allow-unaccounted',
      'offsets in no file and not skipped are warnings, not errors (transforms that filter, DLQ, compacted topics)',
    )
    .option(
      '--allow-empty',
      'accept a result with nothing to check (a topic with no history and no data files, an empty store)',
    )
    .option('--strict', 'any warning fails too (lost history, unchecked offsets or files, unfinalized files)')
    .option('--wal-prefix <prefix>', 'where the commit log is', '_sinkkit/wal')
    .option('--ledger-prefix <prefix>', 'where trimmed commit-log entries are archived', '_sinkkit/ledger')
    .option(
      '--no-checksums',
      "don't read the files to compare them with their committed checksums (only sizes are compared)",
    )
    .option('--no-progress', "don't show progress on stderr (shown only when stderr is a terminal)")
    .option('--json', 'print the report as JSON')
    .action(async (options: VerifyCliOptions) => {
      const props = options.config ? (await readPropertiesFile(options.config)).props : {};
      const storeUrl = options.storeUrl ?? props['store.url'];
      if (!storeUrl) throw new UsageError('verify needs --store-url, or --config with a store.url');
      const opened = await openStorage(
        storeUrl,
        { endpoint: options.s3Endpoint, region: options.s3Region, pathStyle: options.s3PathStyle },
        props,
      );
      try {
        const topics = options.topics
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        const progress = progressReporter((options.progress && io.progress) || { write: () => {} });
        const report = await verify({
          storage: opened.storage,
          topics,
          topicsDir: options.topicsDir,
          fileDelimiter: options.fileDelim,
          walPrefix: options.walPrefix,
          ledgerPrefix: options.ledgerPrefix,
          allowUnaccounted: options.allowUnaccounted,
          allowEmpty: options.allowEmpty,
          strict: options.strict,
          checksums: options.checksums,
          onProgress: (p) => progress.update(p),
        }).finally(() => progress.done());
        io.out(`${options.json ? reportToJson(report) : formatReport(report)}\n`);
        code = report.ok ? ExitCode.OK : ExitCode.FAILED;
      } finally {
        opened.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
    }
    // Messages name secrets by key only; a URL quoted in one (a --store-url, a client's error) loses its userinfo.
    io.err(`sinkkit: ${stripUserinfo(error instanceof Error ? error.message : String(error))}\n`);
    return exitCodeOf(error);
  }
}

interface VerifyCliOptions {
  storeUrl?: string;
  config?: string;
  topics?: string;
  topicsDir: string;
  fileDelim: string;
  s3Endpoint?: string;
  s3Region?: string;
  s3PathStyle?: boolean;
  walPrefix: string;
  ledgerPrefix: string;
  allowUnaccounted?: boolean;
  allowEmpty?: boolean;
  strict?: boolean;
  checksums: boolean;
  progress: boolean;
  json?: boolean;
}

/**
 * The worker file and the connector files of `sinkkit standalone`: the first file is the
 * worker's, unless it names a `connector.class` — then the worker is configured by `CONNECT_*`
 * variables alone and every file is a connector's.
 */
async function splitStandaloneFiles(
  first: string,
  others: string[],
): Promise<{ workerFile: string | undefined; connectorFiles: string[] }> {
  const props = await readPropertiesFile(first).then(
    (file) => file.props,
    () => ({}) as Record<string, string>,
  );
  return props['connector.class'] === undefined
    ? { workerFile: first, connectorFiles: others }
    : { workerFile: undefined, connectorFiles: [first, ...others] };
}
