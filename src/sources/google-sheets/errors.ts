/**
 * Turning a failed read into an error a person can act on: a 403 says whom to share the sheet
 * with, a 404 that the spreadsheet id is wrong, a refused key or token what to renew. Messages
 * carry Google's own words, never a token, a key or a header.
 */
import { DigestError } from '../../errors.js';
import type { Failure } from './failure.js';

export interface ErrorContext {
  spreadsheetId: string;
  /** The service account e-mail, or null when unknown (access token). */
  account: string | null;
  /** How we authenticated, e.g. `access token from $GOOGLE_SHEETS_ACCESS_TOKEN`. */
  credentials: string;
  apiRoot: string;
}

const google = (f: Failure) => `${f.status ?? ''}${f.reason ? ` ${f.reason}` : ''}: ${f.message}`.trim();

/** The last failure after `attempts` attempts, as the error the user sees. */
export function sourceError(f: Failure, attempts: number, ctx: ErrorContext): DigestError {
  const sheet = `spreadsheet ${ctx.spreadsheetId}`;
  const cause = { cause: { status: f.status, reason: f.reason, attempts } };

  if (f.tokenRequest && f.status !== null && f.status < 500 && f.status !== 429) {
    return new DigestError('SOURCE_CREDENTIALS', `Google Sheets: the token endpoint refused the ${ctx.credentials} (${google(f)}). The key may be deleted or disabled, or this machine's clock is wrong; create a new key for the service account and point auth.keyFile at it.`, cause);
  }
  if (f.status === 401) {
    const fix = ctx.account ? 'create a new key for the service account' : 'get a fresh access token (they expire after about an hour)';
    return new DigestError('SOURCE_CREDENTIALS', `Google Sheets refused the credentials (${google(f)}), ${ctx.credentials}: ${fix}.`, cause);
  }
  if (f.status === 403) {
    if (/has not been used|is disabled|SERVICE_DISABLED/i.test(`${f.reason} ${f.message}`)) {
      return new DigestError('SOURCE_FORBIDDEN', `Google Sheets API is not enabled for the project of the ${ctx.credentials}: enable it at https://console.cloud.google.com/apis/library/sheets.googleapis.com (Google said: ${google(f)}).`, cause);
    }
    const share = ctx.account
      ? `share the sheet with ${ctx.account} (Share → add that address as Viewer)`
      : 'share the sheet with the Google account the access token belongs to, and make sure the token has the spreadsheets.readonly scope';
    return new DigestError('SOURCE_FORBIDDEN', `Google Sheets denied access to ${sheet} (${google(f)}): ${share}.`, cause);
  }
  if (f.status === 404) {
    return new DigestError('SOURCE_NOT_FOUND', `Google Sheets has no ${sheet} (${google(f)}): the spreadsheetId in the config is wrong. Copy it from the sheet's address: https://docs.google.com/spreadsheets/d/<spreadsheetId>/edit`, cause);
  }
  if (f.status === 400 && /unable to parse range/i.test(f.message)) {
    return new DigestError('SOURCE_INCOMPLETE', `Google Sheets could not read ${sheet} (${google(f)}): check the tab names under tabs in the config.`, cause);
  }
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  let what: string;
  if (f.timedOut) what = `no answer within the timeout (timeoutMs) after ${tries}`;
  else if (f.status === null) what = `could not reach ${f.tokenRequest ? 'the token endpoint' : ctx.apiRoot} (${f.networkCode ?? f.message}) after ${tries}`;
  else what = `${google(f)} after ${tries}${f.retryAfterMs !== null ? ` (the last answer asked to wait ${Math.ceil(f.retryAfterMs / 1000)} s; maxRetryAfterMs limits the wait)` : ''}`;
  return new DigestError('SOURCE_FAILED', `Google Sheets source failed reading ${sheet}: ${what}. The digest is not sent.`, cause);
}
