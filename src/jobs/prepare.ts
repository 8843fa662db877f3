/**
 * Everything up to a message that may go out: sources, model, render, compose (the pipeline),
 * then the guards. A real send, `--dry-run` and `--to` all come through here, so a test send
 * is refused for exactly the reasons the real one would be.
 */
import type { LoadedConfig } from '../config/load.js';
import type { DigestConfig } from '../config/schema.js';
import { DigestError } from '../errors.js';
import type { WeekPeriod } from '../model/period.js';
import type { DataIssue } from '../model/types.js';
import { prepareMessage, type PreparedMessage } from '../pipeline.js';
import { decorateReview } from '../render/review.js';
import { assertMessageSize } from '../render/size.js';
import { checkBeforeSending, missingNotes, refusalError, type Allowances } from './guards.js';

/** A guard's refusal: a registry error that also carries the data issues for the alert. */
export class GuardRefusal extends DigestError {
  constructor(error: DigestError, readonly issues: readonly DataIssue[]) {
    super(error.code, error.message);
  }
}

export interface PrepareOptions {
  allow?: Allowances | undefined;
  /** A test send's recipients instead of the list. */
  to?: string[] | undefined;
  /** The editors' review draft, with when the real digest goes out. */
  review?: { sendAt: string } | undefined;
  /** The job's clock (see prepareMessage). */
  nowMs?: number | undefined;
}

export async function prepareChecked(loaded: LoadedConfig, digest: DigestConfig, period: WeekPeriod, options: PrepareOptions = {}): Promise<PreparedMessage> {
  const review = options.review;
  // The review draft exists to show what is still missing: it goes out whatever the guards say.
  if (review) {
    return prepareMessage(loaded, digest, period, {
      to: digest.review?.to,
      variant: 'review',
      nowMs: options.nowMs,
      decorate: (rendered, built) => decorateReview(rendered, { locale: digest.locale, week: period.week, sendAt: review.sendAt, missing: missingNotes(built, digest.kpis.map((k) => k.id)) }),
    });
  }
  const allow = options.allow ?? {};
  const prepared = await prepareMessage(loaded, digest, period, {
    to: options.to,
    nowMs: options.nowMs,
    // Refused before anything is rendered; a refusal overridden on purpose shows as the header's banner.
    beforeRender: (built, records) => {
      // Checked once as if --allow-incomplete were not given; that flag then lifts the incomplete and stale refusals.
      const failures = checkBeforeSending(built, records, period, digest.freshness, { ...allow, incomplete: false });
      const refusals = allow.incomplete ? failures.filter((f) => f.code === 'EMPTY_WEEK') : failures;
      if (refusals.length) throw new GuardRefusal(refusalError(digest.id, refusals), built.dataIssues);
      if (failures.length) built.status.allowedIncomplete = true;
    },
  });
  // Gmail would clip an over-size message, unsubscribe link included: no flag overrides this.
  assertMessageSize(prepared.rendered);
  return prepared;
}
