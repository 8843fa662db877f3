/**
 * `digest preview`: render a week to a folder without sending anything; with `--serve`, a
 * local page that shows the email at phone and desktop widths and reloads on changes.
 */
import { join, resolve } from 'node:path';
import { describeFsError, ensureDir, nodeFs, writeFileAtomically } from '../../fs/durable.js';
import { isEmptyWeek } from '../../model/emptiness.js';
import { parseWeekFlag, prepareMessage } from '../../pipeline.js';
import { DigestError, EXIT, usageError } from '../../errors.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, type CommonOptions } from './shared.js';

interface PreviewOptions extends CommonOptions {
  out?: string;
  json?: boolean;
  serve?: boolean;
  port?: string;
  host?: string;
}

/** Default port of `--serve`; `--port 0` picks any free port. */
export const DEFAULT_PORT = 4310;

export async function run(options: PreviewOptions, io: Io): Promise<number> {
  if (options.serve) return serve(options, io, waitForSignal());
  const { loaded, digestConfig, period } = await resolveTarget(options, io);
  const { week } = period;
  const { digest, rendered, message } = await prepareMessage(loaded, digestConfig, period);
  const { buildRaw } = await import('../../deliver/mime.js');
  const dir = resolve(options.out ?? join('out', `${digestConfig.id}-${week}`));
  const raw = await buildRaw(message.mail);
  const files: [string, string | Buffer][] = [
    ['digest.html', rendered.html],
    ['digest.txt', rendered.text],
    ['digest.json', `${JSON.stringify(digest, null, 2)}\n`],
    ['digest.eml', raw],
  ];
  try {
    await ensureDir(nodeFs, dir);
    // Never half a file, but no fsync: the next preview writes them again. Side by side.
    await Promise.all(files.map(([name, content]) => writeFileAtomically(nodeFs, join(dir, name), content, { sync: false })));
  } catch (error) {
    throw new DigestError('PREVIEW_WRITE', `cannot write the preview into ${dir}: ${describeFsError(error)}`, { cause: error });
  }
  if (options.json) io.out(JSON.stringify(digest, null, 2));
  printIssues(io, digest.dataIssues);
  if (isEmptyWeek(digest)) io.err(`warning ${week} has no data at all; send would refuse it`);
  io.err(`${digestConfig.id} ${week}: "${rendered.subject}"`);
  io.err(`wrote ${dir}/digest.{html,txt,eml,json} (HTML ${Math.round(Buffer.byteLength(rendered.html) / 1024)} KB)`);
  return EXIT.ok;
}

export function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw usageError(`--port: "${value}" is not a port number (0–65535)`);
  return port;
}

/** Runs the preview server until `stop` resolves. */
export async function serve(options: PreviewOptions, io: Io, stop: Promise<unknown>): Promise<number> {
  const port = parsePort(options.port);
  const week = options.week === undefined ? undefined : parseWeekFlag(options.week);
  const { startPreviewServer, PREVIEW_TOKEN_ENV } = await import('../../preview/server.js');
  const { readSecret } = await import('../../secrets.js');
  let server;
  try {
    server = await startPreviewServer({
      configPath: options.config, digest: options.digest, week, host: options.host, port,
      onReload: (what) => io.err(`changed: ${what}; reloading`),
      accessToken: readSecret(process.env, PREVIEW_TOKEN_ENV),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw usageError(`--port ${port} is in use; choose another (--port 0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw usageError(`--host ${options.host}: not an address of this machine`);
    throw error;
  }
  io.err(`preview on ${server.url} (${server.host === '127.0.0.1' ? 'loopback only' : `bound to ${server.host}; open it once with ?token=<${PREVIEW_TOKEN_ENV}>`}); Ctrl-C stops`);
  await stop;
  await server.close();
  return EXIT.ok;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
