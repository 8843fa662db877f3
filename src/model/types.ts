/**
 * The shapes that flow through the pipeline: raw records from the sources, and the Digest
 * object the model builds from them. Every number in the email comes from a `Digest`.
 *
 * Instants are epoch milliseconds (`number`): compact for large CRM pulls and unambiguous.
 * Calendar dates from the sheet are ISO dates (`2026-11-16`); weeks are ISO weeks (`2026-W47`).
 */

export type Unit = 'count' | 'ratio' | 'money' | 'hours';
export type Direction = 'higher' | 'lower';
export type Team = 'marketing' | 'sales' | 'both';
export type NoteKind = 'success' | 'change' | 'fix';
export type NoteStatus = 'open' | 'done';
export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_target' | 'no_data';

export interface DataIssue {
  source: 'sheet' | 'crm' | 'files' | 'config';
  /** Where the problem is: `Notes!C7`, `deals.csv!D12`, `digests[0].kpis[2].unit`. */
  location: string;
  severity: 'warning' | 'error';
  message: string;
  /**
   * Set when a whole tab, file, column or pipeline could not be read: the digest would be
   * half-built, so it is not sent (unless forced). Absent for single bad rows and cells.
   */
  incomplete?: true;
}

// ---------------------------------------------------------------- CRM records

/**
 * Where a record came from in a file or tab (the files source sets it; API sources do not):
 * the table's name, the 1-based row and the column letter of each field present, so a data
 * issue can name the cell (`deals.csv!D37`).
 */
export interface RecordLocation {
  table: string;
  row: number;
  /** Column letters by record field (`amount: 'D'`), shared by all rows of a table. */
  columns: Readonly<Record<string, string>>;
}

export interface Contact {
  id: string;
  createdAt: number | null;
  mqlAt: number | null;
  sqlAt: number | null;
  firstTouchAt: number | null;
  source: string | null;
  ownerId: string | null;
  /** Current lead status (HubSpot `hs_lead_status`); absent or null when unknown. */
  leadStatus?: string | null;
  /** Why sales rejected the lead (a configurable property); absent or null when unknown. */
  disqualificationReason?: string | null;
  /** The contact's first conversion, its topic (HubSpot `first_conversion_event_name`). */
  firstConversion?: string | null;
  location?: RecordLocation;
}

export interface Deal {
  id: string;
  name: string;
  /** Amount in the deal's own currency. */
  amount: number | null;
  currency: string | null;
  /** Amount in the home currency as the CRM computed it (HubSpot `amount_in_home_currency`). */
  amountHome: number | null;
  createdAt: number | null;
  closedAt: number | null;
  stageId: string | null;
  pipelineId: string | null;
  ownerId: string | null;
  source: string | null;
  location?: RecordLocation;
}

export type StageOutcome = 'open' | 'won' | 'lost';

export interface Stage {
  pipelineId: string;
  stageId: string;
  label: string;
  outcome: StageOutcome;
}

export interface Owner {
  id: string;
  name: string;
  email: string | null;
}

/**
 * Which contact properties the source can deliver at all. A source without a first-touch
 * property has no capacity figures (`capacity: null`), one without first conversions no topics,
 * one without lead statuses no quality block; without a disqualification reason, `reasons` is
 * empty. A missing key (or no `available` at all) means available.
 */
export interface ContactAvailability {
  firstTouch?: boolean;
  firstConversion?: boolean;
  leadStatus?: boolean;
  disqualificationReason?: boolean;
}

export interface CrmRecords {
  contacts: Contact[];
  deals: Deal[];
  stages: Stage[];
  owners: Owner[];
  available?: ContactAvailability;
}

// ---------------------------------------------------------------- sheet records

export interface KpiRow {
  week: string;
  metric: string;
  value: number;
  target: number | null;
  location: string;
}

export interface TargetRow {
  metric: string;
  period: 'week' | 'month';
  from: string;
  target: number;
  location: string;
}

export interface NoteRow {
  week: string;
  kind: NoteKind;
  team: Team;
  author: string | null;
  title: string;
  details: string | null;
  link: string | null;
  owner: string | null;
  due: string | null;
  status: NoteStatus;
  location: string;
}

export interface VoiceRow {
  week: string;
  topic: string;
  quote: string;
  author: string | null;
  source: string | null;
  location: string;
}

/** A row of the Definitions tab: what a term (MQL, SQL, SLA) means from a date on. */
export interface DefinitionRow {
  term: string;
  definition: string;
  /** ISO date from which the definition holds. */
  from: string;
  owner: string | null;
  location: string;
}

export type PeopleKind = 'shadowing' | 'lunch' | 'welcome' | 'other';

/** A row of the People tab: a look into the other team's day, a joint lunch, a new colleague. */
export interface PeopleRow {
  week: string;
  kind: PeopleKind;
  title: string;
  /** Free text, or an ISO date when the cell held a date. */
  when: string | null;
  who: string | null;
  link: string | null;
  /** Free seats; null when not given (or not a whole number ≥ 0). */
  seats: number | null;
  location: string;
}

export type ForecastMetric = 'leads_new' | 'mqls' | 'sqls';

/** Marketing's forecast for a month (the optional Forecast tab). */
export interface ForecastRow {
  /** `2026-11` */
  month: string;
  metric: ForecastMetric;
  forecast: number;
  note: string | null;
  location: string;
}

export interface SheetRecords {
  kpis: KpiRow[];
  targets: TargetRow[];
  notes: NoteRow[];
  voice: VoiceRow[];
  /** Optional tabs: empty when the sheet has no such tab. */
  definitions: DefinitionRow[];
  people: PeopleRow[];
  /**
   * The Google Sheets `gid` (sheetId) of each tab read, by tab key (`notes`, `people`, …),
   * for links to a tab ("… weitere im Sheet"); empty for the files source.
   */
  tabGids: Partial<Record<string, number>>;
  /** The optional Forecast tab; absent or empty when the sheet has none. */
  forecast?: ForecastRow[];
}

export interface SourceResult<T> {
  records: T;
  issues: DataIssue[];
}

// ---------------------------------------------------------------- the Digest

export interface Period {
  start: string;
  end: string;
  timezone: string;
}

export interface MonthToDate {
  value: number | null;
  target: number;
  expected: number;
  pace: number | null;
}

export interface KpiResult {
  id: string;
  label: string;
  unit: Unit;
  origin: 'crm' | 'sheet';
  direction: Direction;
  value: number | null;
  previous: number | null;
  delta: number | null;
  deltaRatio: number | null;
  target: number | null;
  attainment: number | null;
  status: Status;
  trend: (number | null)[];
  mtd: MonthToDate | null;
  /**
   * Terms of the Definitions tab whose change this week affects this metric
   * (`definitions.affects` in the config), in sheet order; empty in other weeks.
   */
  definitionChanged?: string[];
}

export interface Funnel {
  leads_new: number;
  mqls: number;
  sqls: number;
  deals_created: number;
  deals_won: number;
}

export interface DigestItem {
  origin: 'note' | 'deal' | 'kpi' | 'definition';
  title: string;
  details: string | null;
  team: Team | null;
  author: string | null;
  link: string | null;
  refId: string | null;
}

export interface FixItem extends DigestItem {
  owner: string | null;
  due: string | null;
  /** ISO week the fix was first reported in, for fixes carried over from earlier digests. */
  openSince: string | null;
  status: NoteStatus | null;
}

export interface Win {
  id: string;
  name: string;
  /** In the home currency; null when the deal has no usable amount. */
  amount: number | null;
  currency: string;
  originalAmount: number | null;
  originalCurrency: string | null;
  owner: string | null;
  /** The owner's CRM id (owners are told apart by id, not by name); null when unassigned. */
  ownerId: string | null;
  ownerEmail: string | null;
  source: string | null;
  closedAt: string;
}

/** A row per owner (by id): `owner` is the name, or `unbekannt (id)` for an id the CRM does not list. */
export interface OwnerCount {
  ownerId: string | null;
  owner: string;
  email: string | null;
  count: number;
}

export interface SourceRow {
  source: string;
  sqls: number;
  dealsWon: number;
  revenueWon: number;
}

export interface VoiceGroup {
  topic: string;
  quotes: { quote: string; author: string | null; source: string | null }[];
}

/** Where a highlight comes from (SPEC "Highlights rule"). */
export type HighlightOrigin = 'deal' | 'note' | 'kpi' | 'definition' | 'capacity' | 'sla';

export interface Highlight {
  origin: HighlightOrigin;
  /** The full title (the email cuts it to 60 characters). */
  title: string;
  /** Deal id, KPI id or definition term; null for notes, `capacity` and `sla`. */
  refId: string | null;
  /** The item's figure, formatted once by the product's formatter; null when it has none. */
  figure: string | null;
}

export interface Highlights {
  successes: Highlight[];
  changes: Highlight[];
  fixes: Highlight[];
}

/** The counts of the preheader (SPEC "Summary counts"). */
export interface Summary {
  successes: number;
  changes: number;
  fixes: number;
}

/** How this digest came about; set by the pipeline from the clock and the send flags. */
export interface DigestStatus {
  /** The week's end is before now. The model cannot know: it defaults to true. */
  weekComplete: boolean;
  /** Sent with `--allow-incomplete` although a source failed or was incomplete. */
  allowedIncomplete: boolean;
  /** Locations of the tabs, files, columns or pipelines that could not be read. */
  incompleteSources: string[];
}

export interface Digest {
  digestId: string;
  title: string;
  week: string;
  locale: string;
  currency: string;
  period: Period;
  kpis: KpiResult[];
  funnel: Funnel;
  successes: DigestItem[];
  changes: DigestItem[];
  fixes: FixItem[];
  wins: Win[];
  sources: SourceRow[];
  slaBreachesByOwner: OwnerCount[];
  voice: VoiceGroup[];
  dataIssues: DataIssue[];
  /** The definitions in force for the week, one entry per term, in sheet order of the term's first row. */
  definitions: DefinitionEntry[];
  /** The People tab's entries of the report week, then the next week's, each in sheet order. */
  people: PeopleEntry[];
  status: DigestStatus;
  summary: Summary;
  highlights: Highlights;
  /** The month's lead need (SPEC "Planning the funnel together"); null without a won target. */
  planning: Planning | null;
  /** Null only when the source has no first-touch property. */
  capacity: Capacity | null;
  /** Null only when the source has no first-conversion property. */
  topics: Topics | null;
  /** Null only when the source has no lead-status property. */
  quality: Quality | null;
}

// ---------------------------------------------------------------- planning together

export type PlanningMetric = 'leads_new' | 'mqls' | 'sqls';
type PerStep<T> = Record<PlanningMetric, T>;

export interface Planning {
  /** `2026-11`, the MTD month. */
  month: string;
  basisWeeks: number;
  rates: { leadToMql: number | null; mqlToSql: number | null; sqlToWon: number | null };
  wonTarget: number;
  wonTargetFrom: 'deals_won' | 'revenue_won';
  need: PerStep<number | null>;
  mtd: PerStep<number> & { deals_won: number };
  expected: PerStep<number | null>;
  pace: PerStep<number | null>;
  status: PerStep<Status>;
  forecast: PerStep<number | null>;
  gap: PerStep<number | null>;
}

export interface Capacity {
  backlog: number;
  backlogMedianAgeHours: number | null;
  touched: number;
  backlogWeeks: number | null;
  status: 'bottleneck' | 'ok';
  byOwner: { ownerId: string | null; owner: string; count: number }[];
}

export interface Topics {
  items: { topic: string; mqls: number; sqls: number; mqlToSql: number | null }[];
  topicsUnknown: number;
}

export interface Quality {
  cohort: number;
  rejected: number;
  rejectionRate: number | null;
  bySource: { source: string; cohort: number; rejected: number; rate: number }[];
  reasons: { reason: string | null; count: number }[];
}

export interface DefinitionEntry {
  term: string;
  definition: string;
  from: string;
  owner: string | null;
  /** `from` lies in the report week and an earlier row for the term exists. */
  changedThisWeek: boolean;
}

/** A People tab entry as `digest.json` lists it: the row without its location. */
export type PeopleEntry = Omit<PeopleRow, 'location'>;
