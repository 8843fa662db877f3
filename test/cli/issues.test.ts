import { describe, expect, it } from 'vitest';
import { issueGroup, printIssues } from '../../src/cli/io.js';
import { cutAtWord } from '../../src/cli/commands/history.js';
import type { DataIssue } from '../../src/model/types.js';

const issue = (source: DataIssue['source'], location: string, message = 'm'): DataIssue => ({ source, location, severity: 'warning', message });

describe('the data-issue list', () => {
  it('groups sheet issues by tab or file, CRM record issues by kind of record (not one group per deal)', () => {
    expect(issueGroup(issue('sheet', 'Notes!C7'))).toBe('sheet: Notes');
    expect(issueGroup(issue('files', 'deals.csv!D12'))).toBe('files: deals.csv');
    expect(issueGroup(issue('crm', 'deal 4711.amount'))).toBe('crm: deals');
    expect(issueGroup(issue('crm', 'deal 4712'))).toBe('crm: deals');
    expect(issueGroup(issue('crm', 'contact 17.createdate'))).toBe('crm: contacts');
    expect(issueGroup(issue('files', 'notes.csv'))).toBe('files: notes.csv');
  });

  it('lists each group in sheet order: row, then column (AA after Z), CRM records in the order found', () => {
    const lines: string[] = [];
    printIssues({ out: () => {}, err: (l) => lines.push(l) }, [
      issue('sheet', 'KPIs!AA3'), issue('crm', 'deal 9.amount'), issue('sheet', 'KPIs!B10'), issue('sheet', 'KPIs!Z3'), issue('crm', 'deal 2.amount'), issue('sheet', 'KPIs!C2'),
    ]);
    expect(lines).toEqual([
      'sheet: KPIs (4)',
      '  warning KPIs!C2: m',
      '  warning KPIs!Z3: m',
      '  warning KPIs!AA3: m',
      '  warning KPIs!B10: m',
      'crm: deals (2)',
      '  warning deal 9.amount: m',
      '  warning deal 2.amount: m',
    ]);
  });

  it('lists 200,000 issues of one tab, each once', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => issue('files', `kpis.csv!C${200_001 - i}`, `n${i}`));
    let count = 0;
    let first = '';
    printIssues({ out: () => {}, err: (l) => ((count += 1), (first ||= l)) }, many);
    expect([first, count]).toEqual(['files: kpis.csv (200000)', 200_001]);
  });
});

describe('history: the reason column', () => {
  it('cuts at a word boundary with an ellipsis, never mid-word', () => {
    const reason = 'STALE_SOURCES: the newest CRM activity is from 2026-11-03T10:00:00.000Z, 300 h before the end of 2026-W47 (limit: 72 h); is the CRM export stuck?';
    const cut = cutAtWord(reason, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(reason.startsWith(cut.slice(0, -1))).toBe(true);
    expect(reason[cut.length - 1]).toMatch(/[\s,;:(]/);
    expect(cutAtWord('short reason', 100)).toBe('short reason');
    expect(cutAtWord(`https://example.com/${'x'.repeat(200)}`, 40)).toHaveLength(40);
  });
});
