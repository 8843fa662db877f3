/**
 * `digest send` and `digest run` end to end, in-process, through SMTP to a loopback server:
 * the ledger, refusing a week already sent, finishing what is missing, guards and ops alerts,
 * the recipient guard for the list, `--to` and the ops address, the review draft, history.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleConfig, SAMPLE, tempDir } from '../helpers/cli.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp/server.js';

const PASSWORD = 'very-secret-smtp-pa55';
let smtp: FakeSmtp;

beforeAll(async () => {
  process.env.DIGEST_TEST_SMTP_PASSWORD = PASSWORD;
  smtp = await startFakeSmtp({ auth: undefined });
});
afterAll(async () => {
  delete process.env.DIGEST_TEST_SMTP_PASSWORD;
  await smtp.close();
});
afterEach(() => {
  smtp.messages.length = 0;
  smtp.faults.length = 0;
  smtp.log.length = 0;
  smtp.options.rejectRecipients = {};
});

function delivery(dir: string, extra: Record<string, unknown> = {}) {
  return {
    transport: 'smtp',
    outboxDir: join(dir, 'outbox'),
    stateDir: join(dir, 'state'),
    alertTo: ['ops@nordlicht-software.de'],
    smtp: { host: '127.0.0.1', port: smtp.port, allowPlaintext: true, retry: { attempts: 2, minDelayMs: 5, maxDelayMs: 10 }, connectionTimeoutMs: 2000, greetingTimeoutMs: 2000 },
    ...extra,
  };
}

async function config(digestOverrides: Record<string, unknown> = {}, deliveryExtra: Record<string, unknown> = {}) {
  const dir = await tempDir();
  return sampleConfig({ delivery: delivery(dir, deliveryExtra) }, digestOverrides);
}

const digestsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
const alerts = () => smtp.messages.filter((m) => m.to.includes('ops@nordlicht-software.de'));

async function history(path: string): Promise<Array<Record<string, any>>> {
  const { code, out } = await runCli(['history', '--config', path, '--json']);
  expect(code).toBe(0);
  return JSON.parse(out) as Array<Record<string, any>>;
}

describe('send through the ledger', () => {
  it('sends once, refuses the sent week without --force, resends with --force', async () => {
    const { path } = await config();
    const first = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(first.code, first.err).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.parsed.messageId).toBe('<dach.2026-W47@nordlicht-software.de>');
    const [record] = await history(path);
    expect(record).toMatchObject({ digestId: 'dach', week: '2026-W47', state: 'sent', messageId: '<dach.2026-W47@nordlicht-software.de>', recipients: [{ address: 'team@nordlicht-software.de', status: 'accepted' }] });
    expect(record!.sentAt).toBeTruthy();

    const again = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already sent');
    expect(smtp.messages).toHaveLength(1);

    const forced = await runCli(['send', '--config', path, '--week', '2026-W47', '--force']);
    expect(forced.code, forced.err).toBe(0);
    expect(smtp.messages).toHaveLength(2);
    expect((await history(path))[0]).toMatchObject({ state: 'sent', attempts: 2 });
  }, 60_000);

  it('records a 550 as failed, alerts ops, and a rerun sends only to the recipient still missing', async () => {
    const { path } = await config({ mail: { from: 'Digest <digest@nordlicht-software.de>', to: ['team@nordlicht-software.de', 'lead@nordlicht-software.de'] } });
    smtp.options.rejectRecipients = { 'lead@nordlicht-software.de': 550 };
    const first = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(first.code).toBe(5);
    expect(first.err).toContain('lead@nordlicht-software.de');
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(1);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.parsed.subject).toContain('dach 2026-W47');
    expect(alerts()[0]!.parsed.text).toContain('550');
    const [record] = await history(path);
    // Some recipients have it: partial, retried to the rest only.
    expect(record).toMatchObject({ state: 'partial', error: { code: 'RECIPIENTS_REJECTED', permanent: true } });
    expect(record!.recipients).toEqual([
      expect.objectContaining({ address: 'team@nordlicht-software.de', status: 'accepted' }),
      expect.objectContaining({ address: 'lead@nordlicht-software.de', status: 'rejected' }),
    ]);

    smtp.options.rejectRecipients = {};
    const rerun = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(rerun.code, rerun.err).toBe(0);
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(1);
    expect(digestsTo('lead@nordlicht-software.de')).toHaveLength(1);
    expect((await history(path))[0]).toMatchObject({ state: 'sent' });
  }, 60_000);

  it('a mail server that keeps deferring: failed (transient), exit 5, one alert', async () => {
    const { path } = await config();
    smtp.faults.push({ at: 'mail', code: 421 }, { at: 'mail', code: 421 });
    const { code, err } = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(code).toBe(5);
    expect(err).toContain('421');
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(0);
    expect(alerts()).toHaveLength(1);
    expect((await history(path))[0]).toMatchObject({ state: 'failed', error: { code: 'SMTP_TRANSIENT', permanent: false } });
  }, 60_000);
});

describe('guards before sending', () => {
  it('refuses an empty week: exit 4, nothing sent to the list, ops alerted once with the reason', async () => {
    const { path } = await config();
    const { code, err } = await runCli(['send', '--config', path, '--week', '2025-W10']);
    expect(code).toBe(4);
    expect(err).toContain('no data at all');
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(0);
    expect(alerts()).toHaveLength(1);
    expect(alerts()[0]!.parsed.subject).toContain('digest not sent: the data is not ready');
    expect(alerts()[0]!.parsed.text).toContain('the week has no data');
    expect(alerts()[0]!.parsed.text).toContain('EMPTY_WEEK');
    const again = await runCli(['send', '--config', path, '--week', '2025-W10']);
    expect(again.code).toBe(4);
    expect(alerts()).toHaveLength(1);
    expect((await history(path))[0]).toMatchObject({ state: 'failed', error: { code: 'EMPTY_WEEK' } });
  }, 60_000);

  it('refuses when a source cannot be read: exit 4, ops alerted with SOURCE_FAILED', async () => {
    const { path } = await config({ sources: { crm: { type: 'files', path: '/nonexistent/crm' }, sheet: { type: 'files', path: SAMPLE } } });
    const { code } = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(code).toBe(4);
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(0);
    expect(alerts()[0]!.parsed.text).toContain('SOURCE_FAILED');
  }, 60_000);

  it('refuses stale sources (the CRM export stopped two weeks before the week ended), with the data issues', async () => {
    const dir = await tempDir();
    const data = join(dir, 'data');
    await cp(SAMPLE, data, { recursive: true });
    for (const file of ['contacts.csv', 'deals.csv']) {
      const lines = (await readFile(join(data, file), 'utf8')).split('\n');
      await writeFile(join(data, file), [lines[0], ...lines.slice(1).filter((l) => l && !/2026-11-(0[5-9]|[1-3]\d)/.test(l))].join('\n'));
    }
    const { path } = await config({ sources: { crm: { type: 'files', path: data }, sheet: { type: 'files', path: data } } });
    const { code, err } = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(code, err).toBe(4);
    expect(err).toMatch(/not sent, the sources look stale: the newest CRM activity/);
    expect(err).not.toMatch(/look stale: the sources look stale/);
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(0);
    expect(alerts()[0]!.parsed.text).toMatch(/STALE_SOURCES[\s\S]*newest CRM activity/);
  }, 60_000);
});

describe('recipient guard', () => {
  it('refuses an outside address in the list (exit 3, nothing sent)', async () => {
    const { path } = await config({ mail: { from: 'Digest <digest@nordlicht-software.de>', to: ['team@nordlicht-software.de', 'x@gmail.com'] } });
    const { code, err } = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(code).toBe(3);
    expect(err).toContain('x@gmail.com');
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses an outside --to address (exit 3, nothing sent)', async () => {
    const { path } = await config();
    const { code, err } = await runCli(['send', '--config', path, '--week', '2026-W47', '--to', 'me@nordlicht-software.de,me@gmail.com']);
    expect(code).toBe(3);
    expect(err).toContain('refused recipient me@gmail.com');
    expect(smtp.messages).toHaveLength(0);
  }, 30_000);

  it('a --to test send goes to the given address with its own Message-ID and no ledger entry', async () => {
    const { path } = await config();
    const { code, err } = await runCli(['send', '--config', path, '--week', '2026-W47', '--to', 'me@sales.nordlicht-software.de']);
    expect(code, err).toBe(0);
    expect(smtp.messages.map((m) => [m.to, m.parsed.messageId])).toEqual([[['me@sales.nordlicht-software.de'], '<dach.2026-W47.test@nordlicht-software.de>']]);
    expect(await history(path)).toEqual([]);
  }, 30_000);

  it.each([['send', ['--week', '2026-W47']], ['run', ['--now', '2026-11-23T08:05:00+01:00']]])('refuses an outside ops address before anything is sent (%s)', async (command, args) => {
    const { path } = await config({}, { alertTo: ['ops@gmail.com'] });
    const { code, err } = await runCli([command, '--config', path, ...args]);
    expect(code).toBe(3);
    // Refused when the config is loaded, before any source is read or any message is built.
    expect(err).toContain('delivery.alertTo[0]: ops@gmail.com is outside the allowed domains');
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('digest run', () => {
  it('sends the due week once; a second run has nothing to do (exit 0 both times)', async () => {
    const { path } = await config();
    const first = await runCli(['run', '--config', path, '--now', '2026-11-23T08:05:00+01:00']);
    expect(first.code, first.err).toBe(0);
    const second = await runCli(['run', '--config', path, '--now', '2026-11-23T09:00:00+01:00']);
    expect(second.code, second.err).toBe(0);
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(1);
    expect(second.err).toContain('done');
  }, 60_000);

  it('a fresh install reports no earlier week as missed: nothing due (exit 0); logs are JSON lines without the password', async () => {
    const { path } = await config({}, { smtp: { host: '127.0.0.1', port: smtp.port, allowPlaintext: true, auth: { user: 'digest', passwordEnv: 'DIGEST_TEST_SMTP_PASSWORD' } } });
    const { code, err } = await runCli(['run', '--config', path, '--now', '2026-11-23T07:55:00+01:00']);
    expect(code, err).toBe(0);
    expect(smtp.messages).toHaveLength(0);
    const lines = err.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(err).not.toContain(PASSWORD);
  }, 30_000);

  it('records a week outside the catch-up window as missed and alerts ops; sends the review draft with the missing notes', async () => {
    const { path } = await config({ review: { to: ['editors@nordlicht-software.de'], leadHours: 24 }, schedule: { cron: '0 8 * * 1', catchUpHours: 12 } });
    expect((await runCli(['run', '--config', path, '--now', '2026-11-16T08:05:00+01:00'])).code).toBe(0);
    smtp.messages.length = 0;
    const { code, err } = await runCli(['run', '--config', path, '--now', '2026-11-29T09:00:00+01:00']);
    expect(code, err).toBe(0);
    const records = await history(path);
    expect(records).toEqual([
      expect.objectContaining({ week: '2026-W46', kind: 'digest', state: 'sent' }),
      expect.objectContaining({ week: '2026-W47', kind: 'digest', state: 'missed' }),
      expect.objectContaining({ week: '2026-W48', kind: 'review', state: 'sent' }),
    ]);
    expect(alerts().map((m) => m.parsed.subject)).toEqual([expect.stringContaining('digest missed')]);
    const [draft] = digestsTo('editors@nordlicht-software.de');
    expect(draft!.parsed.subject).toMatch(/^\[Entwurf\]/);
    expect(draft!.parsed.messageId).toBe('<dach.2026-W48.review@nordlicht-software.de>');
    expect(draft!.parsed.text).toContain('Noch offen');
    expect(draft!.parsed.text).toContain('keine Notiz von Marketing für 2026-W48');
    expect(digestsTo('team@nordlicht-software.de')).toHaveLength(0);
    // A later pass neither re-sends the draft nor re-alerts.
    await runCli(['run', '--config', path, '--now', '2026-11-29T10:00:00+01:00']);
    expect(smtp.messages).toHaveLength(2);
  }, 60_000);

  it('records a skip date as skipped and sends nothing; a paused digest sends nothing', async () => {
    const skip = await config({ schedule: { cron: '0 8 * * 1', skipDates: ['2026-11-23'] } });
    expect((await runCli(['run', '--config', skip.path, '--now', '2026-11-23T08:05:00+01:00'])).code).toBe(0);
    expect((await history(skip.path))[0]).toMatchObject({ week: '2026-W47', state: 'skipped', reason: 'skip date 2026-11-23' });
    const paused = await config({ schedule: { paused: true } });
    expect((await runCli(['run', '--config', paused.path, '--now', '2026-11-23T08:05:00+01:00'])).code).toBe(0);
    expect(await history(paused.path)).toEqual([]);
    expect(smtp.messages).toHaveLength(0);
  }, 30_000);

  it('history prints a table', async () => {
    const { path } = await config();
    await runCli(['send', '--config', path, '--week', '2026-W47']);
    const { code, out } = await runCli(['history', '--config', path]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^digest\s+week\s+kind\s+state/);
    expect(out).toMatch(/dach\s+2026-W47\s+digest\s+sent\s+1/);
  }, 30_000);
});
