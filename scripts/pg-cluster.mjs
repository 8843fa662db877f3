// A throw-away PostgreSQL cluster, for the state-store tests (test/helpers/postgres.ts) and the
// bench: `initdb` into a temporary folder, `pg_ctl start` on a free loopback port, a password
// for TCP logins (so a wrong password can be tested), stop()/start() for an outage, destroy()
// at the end. The server binaries refuse to run as root, so as root they run as `nobody`.
// Missing binaries throw a clear error: nothing is skipped silently.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBinDir() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      'PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): the state-store tests need a real server. ' +
        "Install Debian's package: apt-get install -y postgresql (.ci/run does this).",
    );
  }
  return join(base, versions[0], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function runPg(bin, args) {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
  try {
    return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
  } catch (error) {
    throw new Error(`${bin} ${args.join(' ')} failed: ${error.stderr || error.stdout || error.message}`);
  }
}

/** `durable: true` keeps fsync on (the bench); tests run without it, faster. */
export async function startPostgres({ durable = false } = {}) {
  const bin = postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'digest-pg-'));
  const data = join(dir, 'data');
  const password = `pw-${randomUUID()}`;
  const pwfile = join(dir, 'pw');
  await writeFile(pwfile, `${password}\n`);
  if (asRoot) {
    await chown(dir, NOBODY, NOBODY);
    await chown(pwfile, NOBODY, NOBODY);
  }
  await chmod(dir, 0o700);
  runPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${durable ? 'on' : 'off'} -c max_connections=60`;
  const pgCtl = (...args) => runPg(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), ...args]);
  const start = () => pgCtl('-o', options, '-w', '-t', '60', 'start');
  start();
  const urlWithPassword = (pw) => `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres`;
  let running = true;
  return {
    url: urlWithPassword(password),
    port,
    password,
    urlWithPassword,
    async stop() {
      // `fast`: clients are disconnected at once, and what was committed survives the restart.
      pgCtl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    async start() {
      start();
      running = true;
    },
    async destroy() {
      if (running) pgCtl('-m', 'immediate', '-w', 'stop');
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema name, so users of one cluster never see each other's rows. */
export const freshSchema = () => `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
