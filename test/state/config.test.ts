/** The `state` config key: the folder by default, the PostgreSQL variant, and the lease rule. */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { leaseMsFor, longestSendMs } from '../../src/state/config.js';

const base = {
  allowedDomains: ['nordlicht-software.de'],
  digests: [{ id: 'dach', sources: { crm: { type: 'files', path: 'data' }, sheet: { type: 'files', path: 'data' } }, mail: { from: 'd@nordlicht-software.de', to: ['t@nordlicht-software.de'] } }],
};
const smtp = { host: 'smtp.example.com', retry: { attempts: 3, maxDelayMs: 10_000 }, connectionTimeoutMs: 10_000, greetingTimeoutMs: 10_000, socketTimeoutMs: 40_000 };

describe('state config', () => {
  it('defaults to the folder, whose lease is delivery.lockStaleSeconds', () => {
    const { config, errors } = validateConfig(base);
    expect(errors).toEqual([]);
    expect(config!.state).toEqual({ type: 'file' });
    expect(leaseMsFor(config!)).toBe(1_800_000);
  });

  it('postgres: defaults for urlEnv, ssl and schema; the lease computed from the SMTP settings', () => {
    const { config, errors } = validateConfig({ ...base, delivery: { transport: 'smtp', smtp }, state: { type: 'postgres' } });
    expect(errors).toEqual([]);
    expect(config!.state).toEqual({ type: 'postgres', urlEnv: 'DIGEST_DATABASE_URL', ssl: {}, schema: 'public' });
    // 3 × (10 + 10 + 40) s + 2 × 10 s = 200 s; the lease adds a minute.
    expect(longestSendMs(config!.delivery)).toBe(200_000);
    expect(leaseMsFor(config!)).toBe(260_000);
  });

  it('refuses a database lease that is not longer than the longest SMTP send, at its dot-path', () => {
    const { errors } = validateConfig({ ...base, delivery: { transport: 'smtp', smtp }, state: { type: 'postgres', leaseSeconds: 200 } });
    expect(errors).toEqual([{ path: 'state.leaseSeconds', message: expect.stringMatching(/^200 s is not longer than the longest SMTP send \(200 s: 3 attempts/) }]);
    expect(validateConfig({ ...base, delivery: { transport: 'smtp', smtp }, state: { type: 'postgres', leaseSeconds: 201 } }).errors).toEqual([]);
  });

  it('the folder lease is the stale timeout, but never shorter than the longest send plus a minute', () => {
    const short = validateConfig({ ...base, delivery: { transport: 'smtp', smtp, lockStaleSeconds: 60 } });
    expect(short.errors).toEqual([]);
    expect(leaseMsFor(short.config!)).toBe(260_000);
    const long = validateConfig({ ...base, delivery: { transport: 'smtp', smtp, lockStaleSeconds: 3600 } });
    expect(leaseMsFor(long.config!)).toBe(3_600_000);
  });

  it('names the wrong key: a bad TLS mode, a URL instead of a variable name, an unknown store', () => {
    const paths = (state: unknown) => validateConfig({ ...base, state }).errors.map((e) => e.path);
    expect(paths({ type: 'postgres', ssl: { mode: 'prefer' } })).toEqual(['state.ssl.mode']);
    expect(paths({ type: 'postgres', urlEnv: 'postgres://u:p@h/db' })).toEqual(['state.urlEnv']);
    expect(paths({ type: 'redis' })).toEqual(['state.type']);
    expect(paths({ type: 'file', urlEnv: 'X' })).toEqual(['state.urlEnv']);
  });
});
