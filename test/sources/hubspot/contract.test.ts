import { createFilesSource } from '../../../src/sources/files/index.js';
import { SAMPLE } from '../../helpers/cli.js';
import { portalFromRecords } from '../../fakes/hubspot/portal.js';
import { crmSourceContract } from '../contract.js';
import { startHubspot } from './helpers.js';

// The sample (files) loaded into the fake as HubSpot-shaped records: the HubSpot source must
// yield the same digest, metric by metric, for several weeks. The partner pipeline has numeric
// stage ids; won and lost come from the stage metadata only. Every other owner is archived in
// the fake (HubSpot lists those only with archived=true): their wins and SLA rows must still
// show the same names.
crmSourceContract('hubspot', async () => {
  const all = await createFilesSource({ path: SAMPLE }).readCrm({ timezone: 'Europe/Berlin', window: { startMs: 0, endMs: 8.64e15 }, metrics: new Map() });
  const portal = portalFromRecords(all.records);
  portal.owners.forEach((o, i) => (o.archived = i % 2 === 1));
  // Lead status and first conversion have standard properties; the reason is the portal's own.
  const started = await startHubspot(portal, {}, { properties: { disqualificationReason: 'disqualification_reason' } });
  return { source: started.source, requests: () => started.fake.log.length, close: started.close };
});
