/**
 * Config of the Google Sheets source: which spreadsheet, which tabs, how to authenticate,
 * and how patiently to ask. Every key has a description and a default (the docs are generated).
 */
import * as v from 'valibot';

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const ms = (max: number) => v.pipe(v.number(), v.integer('must be a whole number of milliseconds'), v.minValue(0), v.maxValue(max));

export const GOOGLE_SHEETS_API_ROOT = 'https://sheets.googleapis.com/';
/** Where Google's auth library sends service-account token requests (it ignores a key file's token_uri). */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_TOKEN_ENV = 'GOOGLE_SHEETS_ACCESS_TOKEN';

/** What `digest init` writes into spreadsheetId (data/sheet-template/digest.config.yaml). */
export const SPREADSHEET_ID_PLACEHOLDER = 'PASTE-YOUR-SPREADSHEET-ID';

/** The id from a pasted sheet URL (`…/spreadsheets/d/<id>/edit#gid=0`), else the value itself. */
export function spreadsheetIdOf(value: string): string {
  return /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value.trim();
}

const tokenUrl = withDefault(text, GOOGLE_TOKEN_URL, "OAuth token endpoint (for proxies and tests; Google's library ignores a key file's token_uri)");

const serviceAccountSchema = v.strictObject({
  type: described(v.literal('service-account'), 'a service account key file (JSON)'),
  keyFile: described(
    v.optional(text),
    'path of the key file, relative to the config file; default: $GOOGLE_APPLICATION_CREDENTIALS',
  ),
  tokenUrl,
});

const accessTokenSchema = v.strictObject({
  type: described(v.literal('access-token'), 'an OAuth access token from an environment variable'),
  env: withDefault(
    v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, not the token')),
    DEFAULT_TOKEN_ENV,
    'name of the environment variable that holds the token (e.g. from `gcloud auth application-default print-access-token`)',
  ),
});

const adcSchema = v.strictObject({
  type: described(v.literal('adc'), 'Application Default Credentials (gcloud login, GOOGLE_APPLICATION_CREDENTIALS, or the cloud runtime)'),
  tokenUrl,
});

export const googleSheetsSourceSchema = v.strictObject({
  type: described(v.literal('google-sheets'), 'a Google Sheet, read through the Sheets API v4'),
  spreadsheetId: described(
    v.pipe(text, v.transform(spreadsheetIdOf), v.regex(/^[A-Za-z0-9_-]+$/, 'is not a spreadsheet id (copy it from the sheet URL: …/spreadsheets/d/<id>/edit)')),
    'the spreadsheet id (or the sheet URL): docs.google.com/spreadsheets/d/<id>/edit',
  ),
  tabs: withDefault(
    v.strictObject({
      kpis: withDefault(text, 'KPIs', 'tab with week, metric, value, target'),
      targets: withDefault(text, 'Targets', 'tab with metric, period, from, target'),
      notes: withDefault(text, 'Notes', 'tab with the notes (successes, changes, fixes)'),
      voice: withDefault(text, 'Voice', 'tab with the customer voice'),
      definitions: withDefault(text, 'Definitions', 'optional tab with the agreed definitions (term, definition, from, owner)'),
      people: withDefault(text, 'People', 'optional tab with shadowing slots, joint lunches, new colleagues'),
      forecast: withDefault(text, 'Forecast', "optional tab with marketing's monthly forecast (month, metric, forecast, note)"),
    }),
    {},
    'tab names as the sheet shows them',
  ),
  auth: withDefault(v.variant('type', [serviceAccountSchema, accessTokenSchema, adcSchema]), { type: 'service-account' }, 'how to authenticate'),
  textNumbers: withDefault(
    v.picklist(['comma', 'point']),
    'comma',
    'how numbers typed as text (not number cells) are read: comma = 1.234,5 (German), point = 1,234.5',
  ),
  apiRoot: withDefault(v.pipe(text, v.url('must be a URL')), GOOGLE_SHEETS_API_ROOT, 'root URL of the Sheets API (for proxies, emulators and tests)'),
  timeoutMs: withDefault(v.pipe(ms(600_000), v.minValue(1)), 30_000, 'timeout of each HTTP request'),
  retries: withDefault(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)), 4, 'retries after a 429, a 5xx, a timeout or a network error'),
  backoffMs: withDefault(ms(60_000), 500, 'first retry delay; doubles each retry (capped at maxBackoffMs), with random jitter (×0.5–1)'),
  maxBackoffMs: withDefault(ms(600_000), 20_000, 'longest delay between two retries'),
  maxRetryAfterMs: withDefault(ms(600_000), 60_000, 'longest Retry-After the source waits; a longer one fails the read'),
});

export type GoogleSheetsConfig = v.InferOutput<typeof googleSheetsSourceSchema>;
export type GoogleSheetsAuthConfig = GoogleSheetsConfig['auth'];
