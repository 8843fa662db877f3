/**
 * The `digest` command line. Only commander is loaded up front: each command's module (and
 * with it mjml, nodemailer and the sources) is imported when that command runs, so `--help`
 * and `--version` stay fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_MEANINGS, exitCodeFor } from '../errors.js';
import { safeMessage } from '../secrets.js';
import { packagePath } from '../package-root.js';
import { processIo, type Io } from './io.js';

const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

const EXIT_HELP = `\nExit codes:\n${Object.entries(EXIT_MEANINGS).map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n')}`;

type Handler = (options: Record<string, unknown>, io: Io) => Promise<number>;

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('digest')
    .description('Weekly marketing + sales alignment digest: render, preview and send.')
    .version(pkg.version)
    .addHelpText('after', EXIT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const action = (load: () => Promise<{ run: Handler }>) => async (options: Record<string, unknown>) => {
    const { run } = await load();
    setExit(await run(options, io));
  };
  const common = (cmd: Command) =>
    cmd
      .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
      .option('-d, --digest <id>', 'which digest of the config (needed when it has several)')
      .option('-w, --week <week>', 'ISO week to report, e.g. 2026-W47 (default: the last complete week)');

  common(program.command('preview').description('render a week to a folder: digest.html, digest.txt, digest.eml, digest.json'))
    .option('-o, --out <dir>', 'output folder (default: out/<digest>-<week>)')
    .option('--json', 'also print the Digest object as JSON on stdout')
    .option('--serve', 'serve a live preview page (phone and desktop width, reloads on changes) instead of writing files')
    .option('--port <n>', 'port for --serve (default: 4310; 0 picks a free port)')
    .option('--host <host>', 'address for --serve to bind (default: 127.0.0.1, loopback only)')
    .action(action(() => import('./commands/preview.js')));

  common(program.command('send').description('render and deliver a week\'s digest through the configured transport'))
    .option('--dry-run', 'render and write the message to the outbox folder; never use a real transport')
    .option('--to <addresses>', 'test send to these addresses instead of the list (comma-separated; allowed domains only)')
    .option('--resend', 'send a week again that was already sent (or whose ledger entry is broken: it is moved aside)')
    .option('--allow-incomplete', 'send although a source failed, is incomplete or looks stale (the header says so)')
    .option('--allow-open-week', 'send a week that has not ended yet')
    .option('--allow-empty', 'send a week without any data')
    .option('--force', 'all four of --resend, --allow-incomplete, --allow-open-week and --allow-empty')
    .action(action(() => import('./commands/send.js')));

  common(program.command('validate').description('check the config and the sources; list every data issue with its location'))
    .action(action(() => import('./commands/validate.js')));

  program.command('init').description('write a starting config and the sheet layout (one CSV per tab) to import into Google Sheets')
    .option('--dir <dir>', 'folder to write into (default: the current folder)')
    .option('--force', 'overwrite files that exist')
    .action(action(() => import('./commands/init.js')));

  program.command('run').description('send every digest that is due now and not yet sent (for cron, systemd timers, Kubernetes CronJobs)')
    .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
    .option('-d, --digest <id>', 'only this digest')
    .option('--now <datetime>', 'evaluate the schedules as if it were this instant (ISO, e.g. 2026-11-23T08:00:00+01:00)')
    .action(action(() => import('./commands/run.js')));

  program.command('schedule').description('run as a daemon: send each digest on its cron schedule (catch-up, skip dates, pause); stops on SIGTERM')
    .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
    .option('-d, --digest <id>', 'only this digest')
    .option('--now <datetime>', 'start the daemon\'s clock at this instant (rehearsals and tests)')
    .action(action(() => import('./commands/schedule.js')));

  program.command('migrate').description('apply the pending schema migrations of the PostgreSQL state store (run and schedule also apply them at start)')
    .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
    .action(action(() => import('./commands/migrate.js')));

  program.command('state').description('the state store').command('import')
    .description('copy the folder ledger (delivery.stateDir) into the PostgreSQL state store, so switching stores never resends a week; safe to repeat')
    .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
    .option('--from <dir>', 'the folder to import from (default: delivery.stateDir)')
    .action(action(() => import('./commands/state-import.js')));

  program.command('history').description('show the send ledger: what was sent, skipped, missed or failed, and when')
    .option('-c, --config <file>', 'config file (default: $DIGEST_CONFIG or ./digest.config.yaml)')
    .option('-d, --digest <id>', 'only this digest')
    .option('--json', 'print the ledger records as JSON')
    .action(action(() => import('./commands/history.js')));

  return program;
}

/** Runs the CLI on `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.err(`error: ${safeMessage(error)}`);
    const code = exitCodeFor(error);
    if (code === EXIT.internal && error instanceof Error && error.stack) io.err(safeMessage(error.stack));
    return code;
  }
}
