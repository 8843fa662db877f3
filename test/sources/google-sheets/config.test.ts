import { describe, expect, it } from 'vitest';
import { validateConfig, formatProblem } from '../../../src/config/validate.js';

const withSheet = (sheet: Record<string, unknown>) => ({
  allowedDomains: ['example.de'],
  digests: [{ id: 'dach', sources: { crm: { type: 'files', path: 'x' }, sheet: { type: 'google-sheets', ...sheet } }, mail: { from: 'a@example.de', to: ['list@example.de'] } }],
});

describe('google-sheets config', () => {
  it('fills every default', () => {
    const { config, errors } = validateConfig(withSheet({ spreadsheetId: 'abc_DEF-123' }));
    expect(errors).toEqual([]);
    expect(config!.digests[0]!.sources.sheet).toEqual({
      type: 'google-sheets', spreadsheetId: 'abc_DEF-123',
      tabs: { kpis: 'KPIs', targets: 'Targets', notes: 'Notes', voice: 'Voice', definitions: 'Definitions', people: 'People', forecast: 'Forecast' },
      auth: { type: 'service-account', tokenUrl: 'https://oauth2.googleapis.com/token' },
      textNumbers: 'comma', apiRoot: 'https://sheets.googleapis.com/',
      timeoutMs: 30_000, retries: 4, backoffMs: 500, maxBackoffMs: 20_000, maxRetryAfterMs: 60_000,
    });
  });

  it('takes the id out of a pasted sheet URL', () => {
    const { config } = validateConfig(withSheet({ spreadsheetId: 'https://docs.google.com/spreadsheets/d/1AbC-x_Y9/edit#gid=0' }));
    expect(config!.digests[0]!.sources.sheet).toMatchObject({ spreadsheetId: '1AbC-x_Y9' });
  });

  it('refuses a token pasted where the variable name belongs, and unknown keys', () => {
    const problems = validateConfig(withSheet({ spreadsheetId: 'abc', auth: { type: 'access-token', env: 'ya29.a0AfH6SMB' }, tab: {} })).errors.map(formatProblem);
    expect(problems).toEqual(expect.arrayContaining([
      'digests[0].sources.sheet.auth.env: must be the name of an environment variable, not the token',
      'digests[0].sources.sheet.tab: unknown key (check the spelling; every key is in docs/configuration.md)',
    ]));
  });
});
