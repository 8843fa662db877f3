/**
 * CRM records the digest must not count silently: duplicates, implausible values, owners the
 * CRM does not list, same-name owners. Hand-computed cases on the report week 2026-W47.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { checkCrmRecords } from '../../src/model/crm-records.js';
import type { CrmRecords, Digest, KpiResult, Owner } from '../../src/model/types.js';
import { contact, crm, deal, modelConfig, sheet } from '../helpers/records.js';

function digestOf(records: CrmRecords, config = modelConfig()): Digest {
  const checked = checkCrmRecords({ records, issues: [] });
  return buildDigest({ week: '2026-W47', config, crm: checked.records, sheet: sheet({}), issues: checked.issues });
}
const value = (d: Digest, id: string) => d.kpis.find((k: KpiResult) => k.id === id)!.value;
const issuesAt = (d: Digest, location: string) => d.dataIssues.filter((i) => i.location === location);

describe('records are counted once', () => {
  it('a deal read twice (a paging overlap) counts once, the last copy wins, with a data issue naming the deal', () => {
    const first = deal({ id: '123', name: 'Acme', amount: 1000, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won' });
    const last = { ...first, amount: 1500 };
    const d = digestOf(crm({ deals: [first, deal({ id: '124', amount: 200, created: '2026-11-02 10:00', closed: '2026-11-19 10:00', stageId: 'won' }), last] }));
    expect(value(d, 'deals_won')).toBe(2);
    expect(value(d, 'revenue_won')).toBe(1700);
    expect(d.wins.map((w) => w.id)).toEqual(['123', '124']);
    expect(issuesAt(d, 'deal 123')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/appears twice; it counts once, the later occurrence wins/) })]);
  });

  it('three repeated contacts do not raise the MQLs', () => {
    const mql = contact({ created: '2026-11-16 09:00', mql: '2026-11-17 09:00' });
    const d = digestOf(crm({ contacts: [mql, contact({ mql: '2026-11-18 09:00' }), { ...mql }, { ...mql }] }));
    expect(value(d, 'mqls')).toBe(2);
    expect(issuesAt(d, `contact ${mql.id}`)).toHaveLength(2);
  });

  it('names the file, row and column when the records came from a file', () => {
    const at = (row: number) => ({ table: 'deals.csv', row, columns: { id: 'A', amount: 'C' } });
    const a = { ...deal({ id: '9', created: '2026-11-17 10:00' }), location: at(37) };
    const b = { ...a, location: at(180) };
    const checked = checkCrmRecords({ records: crm({ deals: [a, b] }), issues: [] });
    expect(checked.records.deals).toEqual([b]);
    expect(checked.issues).toEqual([{ source: 'files', location: 'deals.csv!A37', severity: 'warning', message: 'deal 9 appears again at deals.csv!A180; it counts once, the later occurrence wins' }]);
  });
});

describe('implausible records are data issues, not silent numbers', () => {
  it('a number that is not finite (1e309) never reaches a figure: the value is ignored, with a data issue', () => {
    const inf = deal({ id: 'inf', name: 'Unendlich', amount: Number('1e309'), created: '2026-11-17 10:00', closed: '2026-11-18 10:00', stageId: 'won' });
    const ok = deal({ id: 'ok', amount: 4000, created: '2026-11-17 10:00', closed: '2026-11-18 11:00', stageId: 'won' });
    const badTime = { ...contact({ created: '2026-11-17 10:00' }), mqlAt: Number.POSITIVE_INFINITY };
    const d = digestOf(crm({ deals: [inf, ok], contacts: [badTime] }));
    expect(value(d, 'deals_won')).toBe(2);
    expect(value(d, 'revenue_won')).toBe(4000);
    expect(value(d, 'avg_deal_size')).toBe(4000);
    expect(value(d, 'mqls')).toBe(0);
    const numbers: number[] = [];
    JSON.stringify({ ...d, dataIssues: [] }, (_k, v: unknown) => (typeof v === 'number' && numbers.push(v), v));
    expect(numbers.every(Number.isFinite)).toBe(true);
    expect(d.dataIssues.map((i) => i.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^deal inf: amount is not a finite number \(Infinity\); the value is ignored$/),
      expect.stringMatching(/mqlAt is not a finite number/),
      expect.stringMatching(/"Unendlich" has no amount/),
    ]));
  });

  it('a negative amount counts in the counts but is left out of the sums, with a data issue', () => {
    const d = digestOf(crm({ deals: [
      deal({ id: 'neg', name: 'Storno', amount: -5000, created: '2026-11-16 10:00', closed: '2026-11-18 10:00', stageId: 'won' }),
      deal({ id: 'pos', amount: 7000, created: '2026-11-16 10:00', closed: '2026-11-19 10:00', stageId: 'won' }),
    ] }));
    expect(value(d, 'deals_won')).toBe(2);
    expect(value(d, 'deals_created')).toBe(2);
    expect(value(d, 'revenue_won')).toBe(7000);
    expect(value(d, 'pipeline_created')).toBe(7000);
    expect(value(d, 'avg_deal_size')).toBe(7000);
    expect(d.wins.find((w) => w.id === 'neg')!.amount).toBeNull();
    expect(issuesAt(d, 'deal neg')).toEqual([expect.objectContaining({ message: '"Storno" has a negative amount (-5000); it counts in the deal counts but not in the sums' })]);
  });

  it('a bad deal inside a longer planning basis (planning.basisWeeks: 20) is reported too, not only within the default 12 weeks', () => {
    // Won in 2026-W32, 15 weeks before the report week: in a 20-week basis, outside the default 12.
    const old = deal({ id: 'old', name: 'Altvertrag', amount: -800, created: '2026-07-20 10:00', closed: '2026-08-04 10:00', stageId: 'won' });
    const config = { ...modelConfig(), planning: { basisWeeks: 20 } } as ReturnType<typeof modelConfig>;
    expect(issuesAt(digestOf(crm({ deals: [old] }), config), 'deal old')).toEqual([expect.objectContaining({ message: expect.stringMatching(/negative amount/) })]);
    expect(issuesAt(digestOf(crm({ deals: [old] })), 'deal old')).toEqual([]);
  });

  it('a close date before the create date is kept and warned about', () => {
    const d = digestOf(crm({ deals: [deal({ id: 'early', name: 'Zeitreise', amount: 100, created: '2026-11-20 10:00', closed: '2026-11-18 10:00', stageId: 'won' })] }));
    expect(value(d, 'deals_won')).toBe(1);
    expect(issuesAt(d, 'deal early')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^"Zeitreise" was closed \(2026-11-18T09:00:00.000Z\) before it was created \(2026-11-20T09:00:00.000Z\); it is kept as it is$/) })]);
  });

  it('a deal in a pipeline the CRM does not define is neither won nor lost, although its stage id is a won stage elsewhere', () => {
    const d = digestOf(crm({ deals: [
      deal({ id: 'ghost', name: 'Geist', amount: 9000, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won', pipelineId: 'partner' }),
      deal({ id: 'odd', name: 'Sonderweg', amount: 100, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'signed', pipelineId: 'default' }),
      deal({ id: 'real', amount: 500, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won' }),
    ] }));
    expect(value(d, 'deals_won')).toBe(1);
    expect(value(d, 'deals_lost')).toBe(0);
    expect(value(d, 'revenue_won')).toBe(500);
    expect(issuesAt(d, 'deal ghost')[0]!.message).toBe('"Geist" is in pipeline "partner", which the CRM does not define; it counts as neither won nor lost');
    expect(issuesAt(d, 'deal odd')[0]!.message).toBe('"Sonderweg" is in stage "signed", which pipeline "default" does not define; it counts as neither won nor lost');
  });

  it('stages defined without a pipeline (a stages file without that column) still judge deals by stage id', () => {
    const stages = [{ pipelineId: '', stageId: 'won', label: 'Won', outcome: 'won' as const }];
    const d = digestOf(crm({ stages, deals: [deal({ id: 'x', amount: 10, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won', pipelineId: 'anything' })] }));
    expect(value(d, 'deals_won')).toBe(1);
    expect(d.dataIssues).toEqual([]);
  });

  it('checks only deals some metric looks at: an implausible deal from long ago is no issue of this digest', () => {
    const d = digestOf(crm({ deals: [deal({ id: 'old', amount: -1, created: '2025-01-10 10:00', closed: '2025-01-08 10:00', stageId: 'won', pipelineId: 'gone' })] }));
    expect(d.dataIssues).toEqual([]);
  });
});

describe('owners are told apart by id', () => {
  const owners: Owner[] = [
    { id: '1', name: 'Jürgen Müller', email: 'j.mueller@example.com' },
    { id: '2', name: 'Jürgen Müller', email: 'juergen.mueller@example.com' },
  ];
  const breach = (owner: string) => contact({ mql: '2026-11-17 09:00', owner }); // untouched: a breach

  it('two owners with the same name are two SLA rows (11 and 4, not 15), each with id and e-mail', () => {
    const d = digestOf(crm({ owners, contacts: [...Array.from({ length: 11 }, () => breach('1')), ...Array.from({ length: 4 }, () => breach('2'))] }));
    expect(d.slaBreachesByOwner).toEqual([
      { ownerId: '1', owner: 'Jürgen Müller', email: 'j.mueller@example.com', count: 11 },
      { ownerId: '2', owner: 'Jürgen Müller', email: 'juergen.mueller@example.com', count: 4 },
    ]);
  });

  it('an owner id missing from the owners is shown as "unbekannt (id)" / "unknown (id)", with one data issue per id', () => {
    const records = crm({ owners, contacts: [breach('81000199'), breach('81000199')], deals: [deal({ id: 'w', amount: 1, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won', ownerId: '81000199' })] });
    const de = digestOf(records);
    expect(de.wins[0]).toMatchObject({ owner: 'unbekannt (81000199)', ownerId: '81000199', ownerEmail: null });
    expect(de.slaBreachesByOwner).toEqual([{ ownerId: '81000199', owner: 'unbekannt (81000199)', email: null, count: 2 }]);
    expect(issuesAt(de, 'owner 81000199')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('not in the CRM\'s owner list') })]);
    const en = digestOf(records, modelConfig({ locale: 'en-GB' }));
    expect(en.wins[0]!.owner).toBe('unknown (81000199)');
  });

  it('wins carry the owner id and e-mail', () => {
    const d = digestOf(crm({ owners, deals: [deal({ id: 'w2', amount: 1, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won', ownerId: '2' })] }));
    expect(d.wins[0]).toMatchObject({ owner: 'Jürgen Müller', ownerId: '2', ownerEmail: 'juergen.mueller@example.com' });
  });
});

describe('won deals in digest.json', () => {
  it('are in the email order: largest first, deals without an amount last, equal amounts by earlier close', () => {
    // The names sort the other way round, so a tie broken by name would show.
    const names: Record<string, string> = { late: 'Alpha GmbH', early: 'Zulu AG', none: 'Beta KG', big: 'Mitte SE' };
    const won = (id: string, amount: number | null, closed: string) => deal({ id, name: names[id], amount, created: '2026-11-02 10:00', closed, stageId: 'won' });
    const d = digestOf(crm({ deals: [won('late', 5000, '2026-11-20 10:00'), won('none', null, '2026-11-16 10:00'), won('early', 5000, '2026-11-17 10:00'), won('big', 9000, '2026-11-21 10:00')] }));
    expect(d.wins.map((w) => w.id)).toEqual(['big', 'early', 'late', 'none']);
  });
});
