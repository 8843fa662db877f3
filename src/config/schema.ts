/**
 * The configuration file's schema. Every key carries its description and its default here;
 * `docs/configuration.md` is the reader's version of the same facts.
 */
import { z } from 'zod';
import { CRM_METRIC_IDS } from '../model/metric-catalog.js';

const unit = z.enum(['count', 'ratio', 'money', 'hours']);
const direction = z.enum(['higher', 'lower']);
const team = z.enum(['marketing', 'sales', 'both']);
const localizedText = z.union([
  z.string().min(1),
  z.strictObject({ de: z.string().min(1).describe('German label'), en: z.string().min(1).describe('English label') }),
]);

const filesSource = z.strictObject({
  type: z.literal('files').describe('CSV files in a folder'),
  path: z.string().min(1).describe('folder with the CSV files, relative to the config file'),
});

export const manualKpiSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _ (e.g. event_leads)')
    .describe('the id used in the sheet\'s metric column'),
  label: localizedText.describe('label shown in the email; a string or { de, en }'),
  unit: unit.default('count').describe('count, ratio, money or hours'),
  direction: direction.default('higher').describe('whether higher or lower values are better'),
  team: team.optional().describe('which team owns the metric (marketing, sales, both)'),
});

const mailSchema = z.strictObject({
  from: z.string().min(3).default('Alignment Digest <digest@example.com>')
    .describe('From header: "Name <address>" or an address'),
  to: z.array(z.string().min(3)).min(1).default(['marketing-sales@example.com'])
    .describe('the joint marketing + sales distribution list'),
  replyTo: z.string().min(3).optional().describe('Reply-To header, e.g. the digest editors'),
  listId: z.string().optional().describe('List-Id header value; default "<digest id>.digest.<from domain>"'),
  unsubscribeUrl: z.string().optional().describe('https URL (one-click) or mailto: for List-Unsubscribe'),
});

const footerSchema = z.strictObject({
  sheetUrl: z.string().optional().describe('link to the Google Sheet with notes and targets'),
  crmUrl: z.string().optional().describe('link to the CRM dashboard'),
  nextMeeting: z.string().optional().describe('when the next joint meeting is, free text'),
  contact: z.string().optional().describe('who to ask about the digest, free text or an address'),
});

export const digestSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and -')
    .describe('stable id of the digest; part of the Message-ID and the ledger key'),
  title: z.string().min(1).default('Marketing & Sales Weekly').describe('title in the header and subject'),
  locale: z.string().default('de-DE').describe('BCP 47 locale; de-* or en-* (strings, numbers, dates)'),
  timezone: z.string().default('Europe/Berlin').describe('IANA time zone that defines the weeks'),
  currency: z.string().default('EUR').describe('home currency (ISO 4217) for all money figures'),
  exchangeRates: z.record(z.string(), z.number().positive()).default({})
    .describe('value of 1 unit of a foreign currency in the home currency, e.g. { CHF: 1.06 }'),
  sources: z.strictObject({
    crm: filesSource.describe('where CRM records come from'),
    sheet: filesSource.describe('where KPIs, targets, notes and voice come from'),
  }).describe('the data sources'),
  kpis: z.array(manualKpiSchema).default([]).describe('manual KPIs that team leads enter in the sheet'),
  crmMetrics: z.array(z.enum(CRM_METRIC_IDS)).default([...CRM_METRIC_IDS])
    .describe('CRM metrics shown in the scorecard, in this order'),
  statusThresholds: z.strictObject({
    onTrack: z.number().positive().default(1).describe('attainment at or above which a KPI is on track'),
    atRisk: z.number().positive().default(0.9).describe('attainment at or above which a KPI is at risk'),
  }).prefault({}).describe('status thresholds'),
  moverThreshold: z.number().positive().default(0.2).describe('relative change against the previous week that makes a KPI a mover'),
  firstTouchSlaHours: z.number().positive().default(24).describe('hours within which sales must touch a new MQL'),
  carryOverWeeks: z.number().int().min(0).max(52).default(8).describe('weeks an open fix is carried into later digests'),
  topSources: z.number().int().min(1).max(20).default(5).describe('lead sources listed'),
  mail: mailSchema.prefault({}).describe('message headers'),
  footer: footerSchema.prefault({}).describe('footer links and contacts'),
});

export const configSchema = z.strictObject({
  allowedDomains: z.array(z.string().min(1)).default(['example.com'])
    .describe('recipient domains the tool may send to; subdomains included'),
  delivery: z.strictObject({
    transport: z.enum(['outbox']).default('outbox').describe('outbox: write .eml files to a folder'),
    outboxDir: z.string().default('outbox').describe('folder for .eml files, relative to the config file'),
  }).prefault({}).describe('how messages leave'),
  digests: z.array(digestSchema).min(1).describe('one entry per digest (team, region, list)'),
});

export type Config = z.infer<typeof configSchema>;
export type DigestConfig = z.infer<typeof digestSchema>;
export type ManualKpiConfig = z.infer<typeof manualKpiSchema>;
