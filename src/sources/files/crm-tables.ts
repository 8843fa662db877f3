/**
 * CRM records from tables (CSV exports): contacts, deals, pipeline stages and owners.
 * Any CRM can feed the digest through these four files.
 */
import type { Contact, CrmRecords, DataIssue, Deal, Owner, RecordLocation, Stage, StageOutcome } from '../../model/types.js';
import { readInstant, readNumber, text, type Cell, type DecimalStyle, type Read } from '../sheet/cells.js';
import { eachRow } from '../sheet/row-reader.js';
import { hasColumn, type TableRow, type Tab } from '../sheet/table.js';

export interface CrmTabs {
  contacts?: Tab;
  deals?: Tab;
  stages?: Tab;
  owners?: Tab;
}

const col = (required: boolean, ...aliases: string[]) => ({ aliases, required });

const CONTACT_COLUMNS = {
  id: col(true, 'contact id', 'record id', 'hs_object_id'),
  created_at: col(true, 'createdate', 'create date', 'created'),
  mql_at: col(false, 'mql date', 'became a marketing qualified lead date', 'hs_lifecyclestage_marketingqualifiedlead_date'),
  sql_at: col(false, 'sql date', 'became a sales qualified lead date', 'hs_lifecyclestage_salesqualifiedlead_date'),
  first_touch_at: col(false, 'first touch', 'first sales touch', 'hs_sa_first_engagement_date'),
  source: col(false, 'original source', 'hs_analytics_source'),
  owner_id: col(false, 'owner', 'contact owner', 'hubspot_owner_id'),
  lead_status: col(false, 'lead status', 'hs_lead_status', 'lead-status', 'leadstatus'),
  disqualification_reason: col(false, 'disqualification reason', 'rejection reason', 'reason', 'grund', 'ablehnungsgrund'),
  first_conversion: col(false, 'first conversion', 'first_conversion_event_name', 'first conversion event name', 'topic', 'erste conversion', 'erste konversion'),
};

const DEAL_COLUMNS = {
  id: col(true, 'deal id', 'record id', 'hs_object_id'),
  name: col(false, 'dealname', 'deal name'),
  amount: col(false),
  currency: col(false, 'deal_currency_code', 'currency code'),
  amount_home: col(false, 'amount_in_home_currency', 'amount in company currency'),
  created_at: col(true, 'createdate', 'create date'),
  closed_at: col(false, 'closedate', 'close date'),
  stage_id: col(true, 'dealstage', 'deal stage', 'stage'),
  pipeline_id: col(false, 'pipeline'),
  owner_id: col(false, 'owner', 'deal owner', 'hubspot_owner_id'),
  source: col(false, 'original source', 'hs_analytics_source'),
};

const STAGE_COLUMNS = {
  pipeline_id: col(false, 'pipeline'),
  stage_id: col(true, 'stage', 'id'),
  label: col(false, 'name', 'stage name'),
  outcome: col(true, 'result', 'closed'),
};

const OWNER_COLUMNS = {
  id: col(true, 'owner id', 'hubspot_owner_id'),
  name: col(true, 'full name'),
  email: col(false, 'e-mail', 'mail'),
};

/** Record field → column key, for the locations of data issues found after reading (`deals.csv!D37`). */
const CONTACT_FIELDS = { id: 'id', createdAt: 'created_at', mqlAt: 'mql_at', sqlAt: 'sql_at', firstTouchAt: 'first_touch_at', ownerId: 'owner_id' } as const;
const DEAL_FIELDS = { id: 'id', amount: 'amount', amountHome: 'amount_home', createdAt: 'created_at', closedAt: 'closed_at', stageId: 'stage_id', pipelineId: 'pipeline_id', ownerId: 'owner_id' } as const;

/** A row's location; the column letters are worked out once per table and shared by its rows. */
function locator<K extends string>(table: string | undefined, fields: Record<string, K>): (row: TableRow<K>) => RecordLocation {
  let columns: Record<string, string> | null = null;
  return (row) => {
    columns ??= Object.fromEntries(Object.entries(fields).map(([field, key]) => [field, row.at(key).slice((table ?? '').length + 1).replace(/\d+$/, '')]));
    return { table: table ?? '', row: row.rowNumber, columns };
  };
}

const OUTCOMES: Record<string, StageOutcome> = {
  open: 'open', offen: 'open', won: 'won', 'closed won': 'won', gewonnen: 'won', lost: 'lost', 'closed lost': 'lost', verloren: 'lost',
};

export function parseCrmTabs(tabs: CrmTabs, timezone: string, decimalStyle: DecimalStyle): { records: CrmRecords; issues: DataIssue[] } {
  const issues: DataIssue[] = [];
  const ctx = { source: 'files' as const };
  const instant = (cell: Cell) => readInstant(cell, timezone);
  const num = (cell: Cell) => readNumber(cell, decimalStyle);
  const str = (cell: Cell): Read<string> => ({ value: text(cell) });
  const currency = (cell: Cell): Read<string> => {
    const code = text(cell).toUpperCase();
    return /^[A-Z]{3}$/.test(code) ? { value: code } : { error: `"${text(cell)}" is not a currency code` };
  };

  const contactAt = locator(tabs.contacts?.name, CONTACT_FIELDS);
  const contacts = eachRow(tabs.contacts, CONTACT_COLUMNS, ctx, issues, (r, row): Contact => ({
    id: r.required('id', str) ?? '',
    createdAt: r.required('created_at', instant),
    mqlAt: r.optional('mql_at', instant),
    sqlAt: r.optional('sql_at', instant),
    firstTouchAt: r.optional('first_touch_at', instant),
    source: r.optional('source', str),
    ownerId: r.optional('owner_id', str),
    leadStatus: r.optional('lead_status', str),
    disqualificationReason: r.optional('disqualification_reason', str),
    firstConversion: r.optional('first_conversion', str),
    location: contactAt(row),
  }));
  // A column the export does not have is a figure the digest cannot compute (null), not zero.
  const available = {
    firstTouch: hasColumn(tabs.contacts, CONTACT_COLUMNS, 'first_touch_at'),
    firstConversion: hasColumn(tabs.contacts, CONTACT_COLUMNS, 'first_conversion'),
    leadStatus: hasColumn(tabs.contacts, CONTACT_COLUMNS, 'lead_status'),
    disqualificationReason: hasColumn(tabs.contacts, CONTACT_COLUMNS, 'disqualification_reason'),
  };

  const dealAt = locator(tabs.deals?.name, DEAL_FIELDS);
  const deals = eachRow(tabs.deals, DEAL_COLUMNS, ctx, issues, (r, row): Deal => ({
    id: r.required('id', str) ?? '',
    name: r.optional('name', str) ?? '',
    amount: r.optional('amount', num),
    currency: r.optional('currency', currency),
    amountHome: r.optional('amount_home', num),
    createdAt: r.required('created_at', instant),
    closedAt: r.optional('closed_at', instant),
    stageId: r.required('stage_id', str),
    pipelineId: r.optional('pipeline_id', str),
    ownerId: r.optional('owner_id', str),
    source: r.optional('source', str),
    location: dealAt(row),
  }));

  const stages = eachRow(tabs.stages, STAGE_COLUMNS, ctx, issues, (r): Stage => {
    const outcome = r.required('outcome', (cell) => {
      const o = OUTCOMES[text(cell).toLowerCase()];
      return o ? { value: o } : { error: `unknown outcome "${text(cell)}" (use open, won or lost)` };
    });
    const stageId = r.required('stage_id', str) ?? '';
    return { pipelineId: r.optional('pipeline_id', str) ?? '', stageId, label: r.optional('label', str) ?? stageId, outcome: outcome ?? 'open' };
  });

  const owners = eachRow(tabs.owners, OWNER_COLUMNS, ctx, issues, (r): Owner => ({
    id: r.required('id', str) ?? '',
    name: r.required('name', str) ?? '',
    email: r.optional('email', str),
  }));

  return { records: { contacts, deals, stages, owners, available }, issues };
}
