/**
 * Pure validation of a parsed config object: schema first, then the rules that span fields.
 * Messages name the place as a dot-path (`digests[0].timezone: unknown time zone "Europe/Berln"`).
 */
import { IANAZone } from 'luxon';
import * as v from 'valibot';
import { configSchema, type Config } from './schema.js';
import { isCrmMetric } from '../model/metric-catalog.js';
import { addressDomain, isAllowedAddress } from '../deliver/recipients.js';
import { leaseProblem } from '../state/config.js';

export interface ConfigProblem {
  path: string;
  message: string;
}

export interface ValidationResult {
  config: Config | null;
  errors: ConfigProblem[];
  warnings: ConfigProblem[];
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.path}: ${p.message}`;
}

/** Valibot's messages, rephrased for the two cases people meet most: a typo and a missing key. */
function schemaMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object') {
    return issue.input === undefined ? 'required' : 'unknown key (check the spelling; every key is in docs/configuration.md)';
  }
  return issue.message.replace(/^Invalid (type|value|key|length): /, '');
}

const currencies = new Set(Intl.supportedValuesOf('currency'));

export function validateConfig(raw: unknown): ValidationResult {
  const parsed = v.safeParse(configSchema, raw ?? {}, { abortEarly: false });
  if (!parsed.success) {
    const errors = parsed.issues.map((issue) => ({ path: formatPath(issue.path?.map((p) => p.key as PropertyKey) ?? []), message: schemaMessage(issue) }));
    return { config: null, errors, warnings: [] };
  }
  const config = parsed.output;
  const errors: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  const seenIds = new Set<string>();
  const checkRecipient = (path: string, address: string) => {
    if (!addressDomain(address)) errors.push({ path, message: `not an e-mail address: "${address}"` });
    else if (!isAllowedAddress(address, config.allowedDomains)) {
      errors.push({ path, message: `${address} is outside the allowed domains (${config.allowedDomains.join(', ')})` });
    }
  };
  config.delivery.alertTo.forEach((address, k) => checkRecipient(`delivery.alertTo[${k}]`, address));
  const lease = leaseProblem(config);
  if (lease) errors.push(lease);

  config.digests.forEach((digest, i) => {
    const at = (key: string) => `digests[${i}].${key}`;
    if (seenIds.has(digest.id)) errors.push({ path: at('id'), message: `duplicate digest id "${digest.id}"` });
    seenIds.add(digest.id);
    if (!IANAZone.isValidZone(digest.timezone)) {
      errors.push({ path: at('timezone'), message: `unknown time zone "${digest.timezone}"` });
    }
    if (!/^(de|en)(-[A-Za-z0-9]+)*$/.test(digest.locale)) {
      errors.push({ path: at('locale'), message: `unsupported locale "${digest.locale}" (use de-DE, de-AT, de-CH, en-GB, en-US …)` });
    }
    if (!currencies.has(digest.currency)) {
      errors.push({ path: at('currency'), message: `unknown currency "${digest.currency}" (use an ISO 4217 code such as EUR)` });
    }
    for (const code of Object.keys(digest.exchangeRates)) {
      if (!currencies.has(code)) errors.push({ path: at(`exchangeRates.${code}`), message: `unknown currency "${code}"` });
    }
    const kpiIds = new Set<string>();
    digest.kpis.forEach((kpi, k) => {
      if (isCrmMetric(kpi.id)) {
        errors.push({ path: at(`kpis[${k}].id`), message: `"${kpi.id}" is a CRM metric; give the manual KPI another id` });
      }
      if (kpiIds.has(kpi.id)) errors.push({ path: at(`kpis[${k}].id`), message: `duplicate KPI id "${kpi.id}"` });
      kpiIds.add(kpi.id);
    });
    const { onTrack, atRisk } = digest.statusThresholds;
    if (atRisk > onTrack) {
      errors.push({ path: at('statusThresholds.atRisk'), message: `must not be above onTrack (${onTrack})` });
    }
    // Every address the tool may send to: the list, the ops alerts, the review drafts.
    const recipients: [string, readonly string[]][] = [
      ['mail.to', digest.mail.to],
      ['alertTo', digest.alertTo ?? []],
      ['review.to', digest.review?.to ?? []],
    ];
    for (const [key, addresses] of recipients) {
      addresses.forEach((address, k) => checkRecipient(at(`${key}[${k}]`), address));
    }
    if (!addressDomain(digest.mail.from)) errors.push({ path: at('mail.from'), message: `not an e-mail address: "${digest.mail.from}"` });
    const unsubscribe = digest.mail.unsubscribeUrl;
    if (unsubscribe && !/^(https:\/\/|mailto:)/i.test(unsubscribe)) {
      errors.push({ path: at('mail.unsubscribeUrl'), message: 'must be an https: URL or a mailto: address' });
    }
    for (const key of ['sheetUrl', 'crmUrl'] as const) {
      const url = digest.footer[key];
      if (url && !/^https?:\/\//i.test(url)) errors.push({ path: at(`footer.${key}`), message: 'must be an http(s) URL' });
    }
  });
  return { config: errors.length ? null : config, errors, warnings };
}
