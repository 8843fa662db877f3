import { createFilesSource } from '../../../src/sources/files/index.js';
import { SAMPLE } from '../../helpers/cli.js';
import { portalFromRecords } from '../../fakes/hubspot/portal.js';
import { crmSourceContract } from '../contract.js';
import { startHubspot } from './helpers.js';

// The sample (files) loaded into the fake as HubSpot-shaped records: the HubSpot source must
// yield the same digest, metric by metric, for several weeks. The partner pipeline has numeric
// stage ids; won and lost come from the stage metadata only.
crmSourceContract('hubspot', async () => {
  const all = await createFilesSource({ path: SAMPLE }).readCrm({ timezone: 'Europe/Berlin', window: { startMs: 0, endMs: 8.64e15 }, metrics: new Map() });
  // Lead status and first conversion have standard properties; the reason is the portal's own.
  const started = await startHubspot(portalFromRecords(all.records), {}, { properties: { disqualificationReason: 'disqualification_reason' } });
  return { source: started.source, requests: () => started.fake.log.length, close: started.close };
});
