import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configReferenceMarkdown } from '../../src/config/reference.js';
import { formatProblem, validateConfig } from '../../src/config/validate.js';
import { REPO } from '../helpers/cli.js';

const minimal = (digest: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  allowedDomains: ['example.de'],
  digests: [{ id: 'dach', sources: { crm: { type: 'files', path: 'x' }, sheet: { type: 'files', path: 'x' } }, mail: { from: 'a@example.de', to: ['list@example.de'] }, ...digest }],
  ...top,
});
const problems = (raw: unknown) => validateConfig(raw).errors.map(formatProblem);

describe('config validation', () => {
  it('fills every default', () => {
    const { config, errors } = validateConfig(minimal());
    expect(errors).toEqual([]);
    expect(config!.digests[0]).toMatchObject({ timezone: 'Europe/Berlin', locale: 'de-DE', currency: 'EUR', firstTouchSlaHours: 24, carryOverWeeks: 8, moverThreshold: 0.2, statusThresholds: { onTrack: 1, atRisk: 0.9 } });
    expect(config!.digests[0]!.crmMetrics).toHaveLength(13);
    expect(config!.delivery).toEqual({ transport: 'outbox', outboxDir: 'outbox', stateDir: '.state', lockStaleSeconds: 1800, alertTo: [] });
  });

  it('names each problem as a dot-path', () => {
    expect(problems(minimal({ timezone: 'Europe/Berln', currency: 'EURO', locale: 'fr-FR', statusThresholds: { onTrack: 1, atRisk: 1.2 } }))).toEqual([
      'digests[0].timezone: unknown time zone "Europe/Berln"',
      'digests[0].locale: unsupported locale "fr-FR" (use de-DE, de-AT, de-CH, en-GB, en-US …)',
      'digests[0].currency: unknown currency "EURO" (use an ISO 4217 code such as EUR)',
      'digests[0].statusThresholds.atRisk: must not be above onTrack (1)',
    ]);
    expect(problems(minimal({ kpis: [{ id: 'Event Leads', label: 'x', unit: 'euros' }] }))).toEqual([
      'digests[0].kpis[0].id: use lower-case letters, digits and _ (e.g. event_leads)',
      expect.stringMatching(/^digests\[0\]\.kpis\[0\]\.unit: /),
    ]);
  });

  it('refuses unknown keys, so typos do not fall back to defaults silently', () => {
    expect(problems(minimal({ timezon: 'Europe/Berlin' }))).toEqual(['digests[0].timezon: unknown key (check the spelling; every key is in docs/configuration.md)']);
  });

  it('checks cross-field rules', () => {
    expect(problems(minimal({ kpis: [{ id: 'sqls', label: 'x' }, { id: 'ev', label: 'x' }, { id: 'ev', label: 'y' }] }))).toEqual([
      'digests[0].kpis[0].id: "sqls" is a CRM metric; give the manual KPI another id',
      'digests[0].kpis[2].id: duplicate KPI id "ev"',
    ]);
    expect(problems(minimal({ mail: { from: 'a@example.de', to: ['list@example.de', 'x@gmail.com'] } }))).toEqual([
      'digests[0].mail.to[1]: x@gmail.com is outside the allowed domains (example.de)',
    ]);
    expect(problems(minimal({ mail: { from: 'a@example.de', to: ['list@team.example.de'], unsubscribeUrl: 'http://x' } }))).toEqual([
      'digests[0].mail.unsubscribeUrl: must be an https: URL or a mailto: address',
    ]);
  });

  it('accepts the example config', async () => {
    const raw = parse(await readFile(join(REPO, 'digest.config.example.yaml'), 'utf8'));
    expect(validateConfig(raw).errors).toEqual([]);
  });

  it('docs/configuration.md carries the reference generated from the schema', async () => {
    const doc = await readFile(join(REPO, 'docs/configuration.md'), 'utf8');
    expect(doc, 'run: npm run build && node scripts/config-docs.mjs').toContain(configReferenceMarkdown());
  });
});

describe('recipient addresses in the config', () => {
  it('checks the ops and editors addresses against the allowed domains too', () => {
    expect(problems(minimal({ alertTo: ['ops@gmail.com'], review: { to: ['chef@example.de', 'x@web.de'] } }, { delivery: { alertTo: ['ops@example.de', 'nope'] } }))).toEqual([
      'delivery.alertTo[1]: not an e-mail address: "nope"',
      'digests[0].alertTo[0]: ops@gmail.com is outside the allowed domains (example.de)',
      'digests[0].review.to[1]: x@web.de is outside the allowed domains (example.de)',
    ]);
  });
});
