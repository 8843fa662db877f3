/**
 * The configuration file's schema (valibot). Every key carries its description and its
 * default here; `docs/configuration.md` is generated from it (`config/reference.ts`).
 * Objects are strict: an unknown key (a typo) is an error, never a silent default.
 */
import * as v from 'valibot';
import { CRM_METRIC_IDS } from '../model/metric-catalog.js';
import { crmSourceSchema } from '../sources/crm-config.js';
import { sheetSourceSchema } from '../sources/sheet-config.js';
import { deliverySchema } from '../deliver/config.js';
import { freshnessSchema, reviewSchema, scheduleSchema } from '../schedule/config.js';
import { PLANNING_DEFAULTS } from '../model/planning-together.js';
import { stateSchema } from '../state/config.js';

/** A schema with its description (for the generated reference). */
const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
/** An optional key with a default and a description. */
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const positive = v.pipe(v.number(), v.gtValue(0, 'must be greater than 0'));

const planningSchema = v.strictObject({
  basisWeeks: withDefault(
    v.pipe(v.number(), v.integer('must be a whole number of weeks'), v.minValue(1), v.maxValue(52)),
    PLANNING_DEFAULTS.basisWeeks,
    'weeks ending with the report week whose counts give the basis rates (lead→MQL, MQL→SQL, SQL→won) of the lead need',
  ),
});
const capacitySchema = v.strictObject({
  lookbackDays: withDefault(
    v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(1), v.maxValue(365)),
    PLANNING_DEFAULTS.lookbackDays,
    'MQLs of this many days (24 h each) before the week\'s end count for the backlog and the touches',
  ),
  bottleneckWeeks: withDefault(positive, PLANNING_DEFAULTS.bottleneckWeeks, 'backlog in weeks of touches (backlog ÷ touches of the week) at which sales is a bottleneck'),
});
const qualitySchema = v.strictObject({
  rejectedStatuses: withDefault(
    v.array(text),
    [...PLANNING_DEFAULTS.rejectedStatuses],
    'lead statuses that mean sales rejected the lead (compared case-insensitively); a contact with an SQL time is never rejected',
  ),
});

const unit = v.picklist(['count', 'ratio', 'money', 'hours']);
const direction = v.picklist(['higher', 'lower']);
const team = v.picklist(['marketing', 'sales', 'both']);

export const manualKpiSchema = v.strictObject({
  id: described(
    v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (e.g. event_leads)')),
    "the id used in the sheet's metric column",
  ),
  label: described(
    v.union([text, v.strictObject({ de: described(text, 'German label'), en: described(text, 'English label') })]),
    'label shown in the email; a string or { de, en }',
  ),
  unit: withDefault(unit, 'count', 'count, ratio, money or hours'),
  direction: withDefault(direction, 'higher', 'whether higher or lower values are better'),
  team: described(v.optional(team), 'which team owns the metric (marketing, sales, both)'),
});

const mailSchema = v.strictObject({
  from: withDefault(text, 'Alignment Digest <digest@example.com>', 'From header: "Name <address>" or an address'),
  to: withDefault(v.pipe(v.array(text), v.minLength(1, 'needs at least one address')), ['marketing-sales@example.com'], 'the joint marketing + sales distribution list'),
  replyTo: described(v.optional(text), 'Reply-To header, e.g. the digest editors'),
  listId: described(v.optional(text), 'List-Id header value; default "<digest id>.digest.<from domain>"'),
  unsubscribeUrl: described(v.optional(text), 'https URL (one-click) or mailto: for List-Unsubscribe'),
});

const footerSchema = v.strictObject({
  sheetUrl: described(v.optional(text), 'link to the Google Sheet with notes and targets'),
  crmUrl: described(v.optional(text), 'link to the CRM dashboard'),
  nextMeeting: described(v.optional(text), 'when the next joint meeting is, free text'),
  contact: described(v.optional(text), 'who to ask about the digest, free text or an address'),
});

const definitionsSchema = v.strictObject({
  affects: withDefault(
    v.record(text, v.array(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]*$/, 'use a metric id (e.g. mqls)')))),
    {},
    'per term (matched case-insensitively) the metric ids its change affects, e.g. { MQL: [mqls, sqls] }: the scorecard marks them in the week of the change',
  ),
});

export const digestSchema = v.strictObject({
  id: described(
    v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and -')),
    'stable id of the digest; part of the Message-ID and the ledger key',
  ),
  title: withDefault(text, 'Marketing & Sales Weekly', 'title in the header and subject'),
  locale: withDefault(text, 'de-DE', 'BCP 47 locale; de-* or en-* (strings, numbers, dates)'),
  timezone: withDefault(text, 'Europe/Berlin', 'IANA time zone that defines the weeks'),
  currency: withDefault(text, 'EUR', 'home currency (ISO 4217) for all money figures'),
  exchangeRates: withDefault(v.record(v.string(), positive), {}, 'value of 1 unit of a foreign currency in the home currency, e.g. { CHF: 1.06 }'),
  sources: described(v.strictObject({ crm: crmSourceSchema, sheet: sheetSourceSchema }), 'the data sources'),
  kpis: withDefault(v.array(manualKpiSchema), [], 'manual KPIs that team leads enter in the sheet'),
  crmMetrics: withDefault(v.array(v.picklist(CRM_METRIC_IDS)), [...CRM_METRIC_IDS], 'CRM metrics shown in the scorecard, in this order'),
  statusThresholds: withDefault(
    v.strictObject({
      onTrack: withDefault(positive, 1, 'attainment at or above which a KPI is on track'),
      atRisk: withDefault(positive, 0.9, 'attainment at or above which a KPI is at risk'),
    }),
    {},
    'status thresholds',
  ),
  moverThreshold: withDefault(positive, 0.2, 'relative change against the previous week that makes a KPI a mover'),
  firstTouchSlaHours: withDefault(positive, 24, 'hours within which sales must touch a new MQL'),
  carryOverWeeks: withDefault(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(52)), 8, 'weeks an open fix is carried into later digests'),
  topSources: withDefault(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)), 5, 'lead sources listed'),
  planning: withDefault(planningSchema, {}, "the month's lead need, worked back from the won target"),
  capacity: withDefault(capacitySchema, {}, 'the sales-capacity signal (backlog of untouched MQLs)'),
  quality: withDefault(qualitySchema, {}, "sales' verdict on lead quality (rejected MQLs)"),
  highlights: withDefault(
    v.strictObject({
      perSection: withDefault(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)), 3, 'highlights per question (successes, changes, fixes) at a glance'),
    }),
    {},
    'the "at a glance" block under the header',
  ),
  sections: withDefault(
    v.strictObject({
      maxItems: withDefault(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 3, 'won deals, notes of each kind and voice quotes shown per list; the rest is one line linking to the sheet or CRM'),
    }),
    {},
    'how long the lists in the email get',
  ),
  definitions: withDefault(definitionsSchema, {}, 'the agreed definitions of the Definitions tab (lead scoring: MQL, SQL …)'),
  mail: withDefault(mailSchema, {}, 'message headers'),
  footer: withDefault(footerSchema, {}, 'footer links and contacts'),
  schedule: withDefault(scheduleSchema, {}, 'when `digest run` and `digest schedule` send it'),
  review: described(v.optional(reviewSchema), 'optional review window: a draft with the missing notes goes to the editors before the send'),
  freshness: withDefault(freshnessSchema, {}, 'checks that the sources are current before sending'),
  alertTo: described(v.optional(v.array(text)), 'ops address(es) for this digest\'s alerts; default: delivery.alertTo'),
});

export const configSchema = v.strictObject({
  allowedDomains: withDefault(v.array(text), ['example.com'], 'recipient domains the tool may send to; subdomains included'),
  delivery: deliverySchema,
  state: stateSchema,
  digests: described(v.pipe(v.array(digestSchema), v.minLength(1, 'needs at least one digest')), 'one entry per digest (team, region, list)'),
});

export type Config = v.InferOutput<typeof configSchema>;
export type DigestConfig = v.InferOutput<typeof digestSchema>;
export type ManualKpiConfig = v.InferOutput<typeof manualKpiSchema>;
