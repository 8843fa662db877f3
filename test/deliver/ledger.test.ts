/** The file ledger and the lock: atomic records, listing, O_EXCL-like locking, stale-lock takeover. */
import { spawn } from 'node:child_process';
import { readdir, writeFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLedger, newRecord } from '../../src/deliver/ledger.js';
import { acquireLock, isHandle } from '../../src/deliver/lock.js';
import { composeAlert } from '../../src/deliver/alerts.js';
import { createLogger } from '../../src/log/logger.js';
import { tempDir } from '../helpers/cli.js';

describe('file ledger', () => {
  it('stores one record per (digest, week, kind), overwrites atomically and leaves no temporary files', async () => {
    const dir = await tempDir();
    const ledger = createFileLedger(dir);
    expect(await ledger.get('dach', '2026-W47')).toBeNull();
    const record = newRecord('dach', '2026-W47', 'digest', '2026-11-23T07:00:00Z');
    await ledger.put(record);
    await ledger.put({ ...record, state: 'sent', messageId: '<dach.2026-W47@x.de>' });
    await ledger.put({ ...newRecord('dach', '2026-W48', 'review', '2026-11-29T07:00:00Z'), state: 'sent' });
    expect(await ledger.get('dach', '2026-W47')).toMatchObject({ state: 'sent', messageId: '<dach.2026-W47@x.de>' });
    expect((await ledger.list()).map((r) => `${r.week}/${r.kind}/${r.state}`)).toEqual(['2026-W47/digest/sent', '2026-W48/review/sent']);
    expect((await readdir(join(dir, 'ledger', 'dach'))).sort()).toEqual(['2026-W47.json', '2026-W48.review.json']);
  });

  it('rejects keys that could escape the state folder', async () => {
    const ledger = createFileLedger(await tempDir());
    await expect(ledger.get('../etc', '2026-W47')).rejects.toThrow(/unsafe/);
  });
});

describe('lock', () => {
  it('lets one holder in; a second attempt sees the holder; release frees it', async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir, 'dach', { staleMs: 60_000 });
    expect(isHandle(first)).toBe(true);
    const second = await acquireLock(dir, 'dach', { staleMs: 60_000 });
    expect(isHandle(second)).toBe(false);
    expect(!isHandle(second) && second.heldBy.pid).toBe(process.pid);
    if (isHandle(first)) await first.release();
    const third = await acquireLock(dir, 'dach', { staleMs: 60_000 });
    expect(isHandle(third)).toBe(true);
  });

  it('takes over a lock whose process is gone (crash) and one older than the stale timeout', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'locks'), { recursive: true });
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    await writeFile(join(dir, 'locks', 'dead.lock'), JSON.stringify({ pid: deadPid, host: hostname(), at: new Date().toISOString(), token: 't1' }));
    expect(isHandle(await acquireLock(dir, 'dead', { staleMs: 600_000 }))).toBe(true);
    await writeFile(join(dir, 'locks', 'old.lock'), JSON.stringify({ pid: 1, host: 'another-host', at: new Date(Date.now() - 120_000).toISOString(), token: 't2' }));
    expect(isHandle(await acquireLock(dir, 'old', { staleMs: 60_000 }))).toBe(true);
    await writeFile(join(dir, 'locks', 'fresh.lock'), JSON.stringify({ pid: 1, host: 'another-host', at: new Date().toISOString(), token: 't3' }));
    expect(isHandle(await acquireLock(dir, 'fresh', { staleMs: 60_000 }))).toBe(false);
  });

  it('of twenty concurrent attempts exactly one wins', async () => {
    const dir = await tempDir();
    const attempts = await Promise.all(Array.from({ length: 20 }, () => acquireLock(dir, 'race', { staleMs: 60_000 })));
    expect(attempts.filter(isHandle)).toHaveLength(1);
  });
});

describe('alerts and logs', () => {
  it('an alert names digest, week, code, reason and lists the data issues', () => {
    const digest = { id: 'dach', title: 'Weekly', mail: { from: 'Digest <digest@nordlicht-software.de>' } } as never;
    const message = composeAlert({ digestId: 'dach', week: '2026-W47', code: 'EMPTY_WEEK', headline: 'digest not sent', reason: 'no data', issues: [{ source: 'sheet', location: 'Notes!C7', severity: 'error', message: 'unknown kind' }] }, digest, ['ops@nordlicht-software.de'], Date.parse('2026-11-23T07:00:00Z'));
    expect(message.mail.subject).toBe('[digest alert] dach 2026-W47: digest not sent');
    expect(message.mail.text).toContain('Reason: no data');
    expect(message.mail.text).toContain('error Notes!C7: unknown kind');
    expect(message.recipients).toEqual(['ops@nordlicht-software.de']);
  });

  it('the logger redacts secret fields and scrubs secret values from every line', async () => {
    const lines: string[] = [];
    const logger = await createLogger({ io: { out: () => undefined, err: (l) => lines.push(l) }, secrets: ['hunter2-secret'], pretty: false });
    logger.info({ smtp: { auth: { user: 'u', pass: 'p4ss' } }, password: 'x' }, 'connecting with hunter2-secret');
    const line = lines.join('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', password: '[redacted]' });
    expect(line).not.toContain('hunter2-secret');
    expect(line).not.toContain('p4ss');
  });

  it('on a terminal the lines are readable, and still without secrets', async () => {
    const lines: string[] = [];
    const logger = await createLogger({ io: { out: () => undefined, err: (l) => lines.push(l) }, secrets: ['hunter2-secret'], pretty: true });
    logger.warn({ digest: 'dach' }, 'retrying with hunter2-secret');
    expect(lines.join('\n')).toMatch(/WARN.*retrying with \[redacted\]/);
    expect(lines.join('\n')).toContain('digest: "dach"');
  });
});
