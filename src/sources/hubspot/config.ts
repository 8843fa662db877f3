/** Config of the HubSpot source (CRM v3 REST API: search, pipelines, owners). */
import * as v from 'valibot';

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const positive = v.pipe(v.number(), v.gtValue(0, 'must be greater than 0'));
const count = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be 0 or more'));

export const HUBSPOT_DEFAULT_PROPERTIES = {
  mqlDate: 'hs_lifecyclestage_marketingqualifiedlead_date',
  sqlDate: 'hs_lifecyclestage_salesqualifiedlead_date',
  firstTouch: 'hs_sa_first_engagement_date',
  contactSource: 'hs_analytics_source',
  dealSource: 'hs_analytics_source',
  leadStatus: 'hs_lead_status',
  firstConversion: 'first_conversion_event_name',
} as const;

const propertiesSchema = v.strictObject({
  mqlDate: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.mqlDate, 'contact property: when the contact became a marketing-qualified lead'),
  sqlDate: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.sqlDate, 'contact property: when the contact became a sales-qualified lead'),
  firstTouch: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.firstTouch, "contact property: sales' first touch (first engagement) of the contact"),
  contactSource: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.contactSource, 'contact property: original source (lead sources table)'),
  dealSource: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.dealSource, 'deal property: original source (won deals and revenue per source)'),
  leadStatus: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.leadStatus, "contact property: the current lead status (sales' verdict; rejected statuses: quality.rejectedStatuses)"),
  firstConversion: withDefault(text, HUBSPOT_DEFAULT_PROPERTIES.firstConversion, 'contact property: the first conversion, read as the topic that brought the lead'),
  disqualificationReason: described(
    v.optional(text),
    'contact property: why sales rejected the lead (HubSpot has no standard one); without it the reasons list stays empty',
  ),
});

const limitsSchema = v.strictObject({
  searchPerSecond: withDefault(positive, 4.5, 'search requests per second, spaced evenly (HubSpot allows 5 per second per account)'),
  requestsPer10Seconds: withDefault(positive, 90, 'other requests (pipelines, owners) per rolling 10 seconds (HubSpot: 100 Free/Starter, 190 Pro/Enterprise)'),
  timeoutMs: withDefault(positive, 30_000, 'timeout of one request attempt, in milliseconds'),
  retries: withDefault(count, 5, 'retries of a request after a 429, a 5xx, a timeout or a network error'),
  backoffMs: withDefault(positive, 1_000, 'first retry backoff in milliseconds (doubles per retry, with jitter)'),
  maxBackoffMs: withDefault(positive, 30_000, 'longest wait before a retry; a Retry-After longer than this ends the retries'),
  rateLimitWaitMs: withDefault(positive, 1_000, 'wait after a 429 that has no Retry-After header'),
});

export const hubspotSourceSchema = v.strictObject({
  type: described(v.literal('hubspot'), 'the HubSpot CRM API'),
  baseUrl: withDefault(text, 'https://api.hubapi.com', 'API root (a proxy or a test server in place of HubSpot)'),
  apiVersion: withDefault(
    v.pipe(v.string(), v.regex(/^(v3|\d{4}-\d{2})$/, 'use v3 or a dated version like 2026-03')),
    'v3',
    'v3 (/crm/v3/… paths, unsupported from September 2027) or a dated version like 2026-03 (/crm/objects/2026-03/…)',
  ),
  tokenEnv: withDefault(text, 'HUBSPOT_TOKEN', 'environment variable holding the service key or private-app access token'),
  pipelines: withDefault(
    v.union([v.literal('all'), v.pipe(v.array(text), v.minLength(1, 'list at least one pipeline id'))]),
    'all',
    'deal pipelines to read: all, or a list of pipeline ids',
  ),
  properties: withDefault(propertiesSchema, {}, 'HubSpot property names for the funnel facts'),
  pageSize: withDefault(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be 1 or more'), v.maxValue(200, 'HubSpot allows at most 200')), 200, 'results per search page (HubSpot allows at most 200)'),
  limits: withDefault(limitsSchema, {}, 'rate limits, timeouts and retries'),
});

export type HubspotSourceConfig = v.InferOutput<typeof hubspotSourceSchema>;
export type HubspotProperties = HubspotSourceConfig['properties'];
