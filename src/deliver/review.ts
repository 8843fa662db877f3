/**
 * The editors' review draft: the digest as it would go out now, marked as a draft, with the
 * notes that are still missing listed at the top so the team leads can fill the sheet in time.
 */
import type { RenderedDigest } from '../render/types.js';

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function reviewNotice(sendAt: string, missing: readonly string[], german: boolean): { title: string; lines: string[] } {
  const title = german ? `Entwurf zur Durchsicht – Versand ${sendAt}` : `Draft for review – goes out ${sendAt}`;
  const lines = missing.length
    ? [german ? 'Noch offen:' : 'Still missing:', ...missing.map((m) => `• ${m}`)]
    : [german ? 'Alle Notizen sind da.' : 'All notes are in.'];
  return { title, lines };
}

/** Adds the draft notice to subject, text and HTML (right after <body>). */
export function decorateReview(rendered: RenderedDigest, notice: { title: string; lines: string[] }, german: boolean): RenderedDigest {
  const prefix = german ? '[Entwurf]' : '[Draft]';
  const textBlock = `${notice.title}\n${notice.lines.join('\n')}\n${'-'.repeat(60)}\n\n`;
  const htmlBlock =
    `<div style="border:2px solid #b45309;background:#fffbeb;padding:12px;margin:8px;font-family:Arial,sans-serif;font-size:14px;color:#1f2937">` +
    `<strong>${escapeHtml(notice.title)}</strong><br>${notice.lines.map(escapeHtml).join('<br>')}</div>`;
  const html = /<body[^>]*>/i.test(rendered.html) ? rendered.html.replace(/<body[^>]*>/i, (m) => `${m}${htmlBlock}`) : htmlBlock + rendered.html;
  return { ...rendered, subject: `${prefix} ${rendered.subject}`, text: textBlock + rendered.text, html };
}
