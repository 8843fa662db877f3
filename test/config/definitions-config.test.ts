import { describe, expect, it } from 'vitest';
import { formatProblem, validateConfig } from '../../src/config/validate.js';

const withDefinitions = (definitions: unknown) => ({
  allowedDomains: ['example.de'],
  digests: [{
    id: 'dach', sources: { crm: { type: 'files', path: 'x' }, sheet: { type: 'files', path: 'x' } }, mail: { from: 'a@example.de', to: ['list@example.de'] },
    kpis: [{ id: 'event_leads', label: 'Event-Leads' }], ...(definitions === undefined ? {} : { definitions }),
  }],
});

describe('config: definitions.affects', () => {
  it('defaults to no affected metrics', () => {
    expect(validateConfig(withDefinitions(undefined)).config!.digests[0]!.definitions).toEqual({ affects: {} });
  });

  it('takes CRM metric ids and manual KPI ids per term', () => {
    const { config, errors } = validateConfig(withDefinitions({ affects: { MQL: ['mqls', 'event_leads'] } }));
    expect(errors).toEqual([]);
    expect(config!.digests[0]!.definitions.affects).toEqual({ MQL: ['mqls', 'event_leads'] });
  });

  it('names an unknown metric id with its dot-path', () => {
    const { errors } = validateConfig(withDefinitions({ affects: { MQL: ['mqls', 'mql_count'] } }));
    expect(errors.map(formatProblem)).toEqual(['digests[0].definitions.affects.MQL[1]: unknown metric "mql_count" (use a CRM metric id or a manual KPI id)']);
  });
});
