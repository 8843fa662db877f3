/**
 * Exactly once under faults: the built CLI (`node dist/cli/bin.js run`) is SIGKILLed at every
 * point of a send, through the TEST-ONLY fault hook (DIGEST_TEST_FAULT, src/deliver/faults.ts)
 * or by the test while the SMTP server holds its reply; then it is run again, and the test
 * counts the messages the SMTP server received. No week may be missed; a duplicate is allowed
 * only in the documented window (the server has the whole message, the `sent` record is not yet
 * on disk). Two `run` processes started at once send one message.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, sampleConfig, tempDir } from '../helpers/cli.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp/server.js';

const NOW = '2026-11-23T08:05:00+01:00';
let smtp: FakeSmtp;
let current: ChildProcess | null = null;

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: REPO, stdio: 'inherit' });
  smtp = await startFakeSmtp();
}, 180_000);
afterAll(async () => {
  await smtp?.close();
});

async function freshConfig(): Promise<{ path: string; dir: string }> {
  const dir = await tempDir('digest-once-');
  const { path } = await sampleConfig({
    delivery: {
      transport: 'smtp',
      stateDir: join(dir, 'state'),
      outboxDir: join(dir, 'outbox'),
      lockStaleSeconds: 60,
      smtp: { host: '127.0.0.1', port: smtp.port, allowPlaintext: true, retry: { attempts: 2, minDelayMs: 10, maxDelayMs: 20 }, connectionTimeoutMs: 3000, greetingTimeoutMs: 3000 },
    },
  });
  return { path, dir };
}

function runCli(path: string, env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO, 'dist/cli/bin.js'), 'run', '--config', path, '--now', NOW], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  current = child;
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

const weekMessages = () => smtp.messages.filter((m) => m.parsed.messageId === '<dach.2026-W47@nordlicht-software.de>');

async function ledgerState(dir: string): Promise<string> {
  return (JSON.parse(await readFile(join(dir, 'state', 'ledger', 'dach', '2026-W47.json'), 'utf8')) as { state: string }).state;
}

const results: string[] = [];

describe('exactly once under SIGKILL', () => {
  // [kill point, how, messages received in all, of them acknowledged with 250]
  const cases: Array<[string, 'hook' | 'server-mail' | 'server-data', number, number]> = [
    ['after-lock', 'hook', 1, 1],
    ['after-rendering-record', 'hook', 1, 1],
    ['before-sending-record', 'hook', 1, 1],
    ['after-sending-record', 'hook', 1, 1],
    ['during SMTP: at MAIL FROM', 'server-mail', 1, 1],
    ['during SMTP: whole message received, before the 250 reply', 'server-data', 2, 1],
    ['after-smtp-accepted', 'hook', 2, 2],
    ['after-sent-record', 'hook', 1, 1],
  ];

  it.each(cases)('killed at %s, rerun: the week is sent', async (point, how, received, acknowledged) => {
    smtp.messages.length = 0;
    const { path, dir } = await freshConfig();
    const kill = () => {
      current?.kill('SIGKILL');
      return new Promise<void>((resolve) => setTimeout(resolve, 100));
    };
    if (how === 'server-mail') smtp.options.beforeMailReply = kill;
    if (how === 'server-data') smtp.options.beforeReply = kill;
    const crashed = await runCli(path, how === 'hook' ? { DIGEST_TEST_FAULT: point } : {});
    smtp.options.beforeMailReply = undefined;
    smtp.options.beforeReply = undefined;
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');

    const rerun = await runCli(path);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await ledgerState(dir)).toBe('sent');
    const third = await runCli(path);
    expect(third.code, third.stderr).toBe(0);

    const messages = weekMessages();
    results.push(`${point}: received ${messages.length}, acknowledged ${messages.filter((m) => m.acknowledged).length}`);
    expect(messages.length).toBe(received);
    expect(messages.filter((m) => m.acknowledged).length).toBe(acknowledged);
  }, 60_000);

  it('two run processes started at once send one message', async () => {
    for (let round = 0; round < 2; round++) {
      smtp.messages.length = 0;
      const { path, dir } = await freshConfig();
      const [a, b] = await Promise.all([runCli(path), runCli(path)]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect(await ledgerState(dir)).toBe('sent');
      expect(weekMessages()).toHaveLength(1);
      results.push(`two concurrent runs (round ${round + 1}): received ${weekMessages().length}`);
    }
  }, 60_000);

  afterAll(() => {
    console.log(`exactly-once results:\n  ${results.join('\n  ')}`);
  });
});

describe('digest schedule (daemon)', () => {
  it('catches up the due send, logs the next run, and on SIGTERM finishes the send in flight before exiting 0', async () => {
    smtp.messages.length = 0;
    const { path, dir } = await freshConfig();
    let terminated = false;
    smtp.options.beforeReply = async () => {
      // The SMTP transaction is in flight: ask the daemon to stop, then let the server answer.
      current?.kill('SIGTERM');
      terminated = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const child = spawn(process.execPath, [join(REPO, 'dist/cli/bin.js'), 'schedule', '--config', path, '--now', '2026-11-23T08:10:00+01:00'], { stdio: ['ignore', 'ignore', 'pipe'] });
    current = child;
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    smtp.options.beforeReply = undefined;
    expect(terminated).toBe(true);
    expect(code, stderr).toBe(0);
    expect(weekMessages()).toHaveLength(1);
    expect(await ledgerState(dir)).toBe('sent');
    expect(stderr).toContain('shutting down after the send in flight');
    expect(stderr).toContain('schedule: stopped');
  }, 60_000);

  it('logs the next run time in the digest time zone and stops on SIGTERM while idle', async () => {
    const { path } = await freshConfig();
    const child = spawn(process.execPath, [join(REPO, 'dist/cli/bin.js'), 'schedule', '--config', path, '--now', '2026-11-24T10:00:00+01:00'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const nextRun = new Promise<void>((resolve) => child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('next run')) resolve();
    }));
    await nextRun;
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    const line = stderr.split('\n').find((l) => l.includes('next run'))!;
    expect(JSON.parse(line)).toMatchObject({ digest: 'dach', nextRun: '2026-11-30T07:00:00.000Z', local: expect.stringContaining('2026-11-30 08:00') });
  }, 60_000);
});
