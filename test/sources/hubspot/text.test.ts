/** HubSpot text properties through the one text rule of every source (src/sources/clean-text.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { generatePortal } from '../../fakes/hubspot/portal.js';
import { sampleRequest } from '../contract.js';
import { startHubspot } from './helpers.js';

const request = sampleRequest('2026-W47');
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('hubspot source: text', () => {
  it('removes bidi controls from deal names and owner names, with a warning at the deal; invisible-only text is empty', async () => {
    const portal = generatePortal({ contacts: 20, deals: 6, owners: 2 }, request.window, 3);
    const [first, second] = portal.deals;
    first!.properties.dealname = 'Evil \u202Egnp.exe\u202C AG';
    second!.properties.dealname = '\u200B\u2060';
    portal.owners[0]!.firstName = '\u2067Anke\u2069';
    const s = await startHubspot(portal);
    close = s.close;
    const { records, issues } = await s.source.readCrm(request);
    const byId = new Map(records.deals.map((d) => [d.id, d]));
    expect(byId.get(first!.id)?.name).toBe('Evil gnp.exe AG');
    expect(byId.get(second!.id)?.name).toBe('');
    expect(records.owners[0]!.name).toBe(`Anke ${portal.owners[0]!.lastName}`);
    expect(issues).toContainEqual({ source: 'crm', location: `deal ${first!.id}.dealname`, severity: 'warning', message: expect.stringContaining('bidi controls') });
    expect(JSON.stringify(records)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
