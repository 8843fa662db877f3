/**
 * The editors' review draft: the digest as it would go out now, marked as a draft, with the
 * notes still missing listed at the top so the team leads can fill the sheet in time. Words
 * come from the locale files, the notice's layout from templates/review-notice.*.hbs.
 */
import { languageOf } from './strings.js';
import { loadTemplates } from './templates.js';
import type { RenderedDigest } from './types.js';

export interface MissingNote {
  team?: 'marketing' | 'sales' | undefined;
  kpi?: string | undefined;
}

export async function decorateReview(
  rendered: RenderedDigest,
  input: { locale: string; week: string; sendAt: string; missing: readonly MissingNote[] },
  templatesDir?: string,
): Promise<RenderedDigest> {
  const templates = await loadTemplates(templatesDir);
  const s = templates.strings[languageOf(input.locale)];
  const missing = input.missing.map((m) =>
    m.team ? s.t('review.noTeamNote', { team: s.t(`review.teams.${m.team}`), week: input.week }) : s.t('review.noKpiValue', { kpi: m.kpi ?? '', week: input.week }),
  );
  const view = { title: s.t('review.title', { sendAt: input.sendAt }), heading: s.t('review.missingHeading'), allIn: s.t('review.allIn'), missing };
  const notice = await templates.reviewNotice();
  const html = notice.html(view).trim();
  const text = notice.text(view);
  const body = /<body[^>]*>/i;
  return {
    ...rendered,
    subject: `${s.t('review.subjectPrefix')} ${rendered.subject}`,
    text: text + rendered.text,
    html: body.test(rendered.html) ? rendered.html.replace(body, (m) => `${m}${html}`) : html + rendered.html,
  };
}
