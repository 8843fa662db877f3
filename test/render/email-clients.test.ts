/**
 * The produced HTML against the caniemail support data (doiuse-email) for Gmail (all four
 * variants), Outlook for Windows and Apple Mail (macOS and iOS). Any feature those clients do
 * not support fails the test, unless it is on the allow-list below with the reason it is safe.
 * An allow-list entry nothing uses any more fails too, so the list stays true.
 * The same list, in words, is in docs/email.md.
 */
import { describe, expect, it } from 'vitest';
import { doIUseEmail } from 'doiuse-email';
import { drawDigestCharts } from '../../src/render/charts/index.js';
import { renderDigest } from '../../src/render/index.js';
import { CONTEXT, emptyDigest, englishDigest, maximalDigest, sampleDigest } from '../fixtures/digests.js';

const CLIENTS = ['gmail.desktop-webmail', 'gmail.ios', 'gmail.android', 'gmail.mobile-webmail', 'outlook.windows', 'apple-mail.macos', 'apple-mail.ios'];

/** Gmail's mobile *web* client (a phone browser, not the app) drops the whole `<style>` block. */
const GMAIL_MOBILE_WEB = 'gmail.mobile-webmail';
const STYLE_BLOCK = 'in the <style> block, which this client drops entirely; the layout and colours are inlined (MJML inlines mj-attributes, our templates set colours inline), so the email reads the same without it';

export const ALLOWED: Record<string, { clients: string[]; reason: string }> = {
  'Class selector': { clients: [GMAIL_MOBILE_WEB], reason: `status colours and dark-mode rules ${STYLE_BLOCK}` },
  'Type selector': { clients: [GMAIL_MOBILE_WEB], reason: `MJML's resets (body, table, img, p) ${STYLE_BLOCK}` },
  'Descendant combinator': { clients: [GMAIL_MOBILE_WEB], reason: `MJML's resets and the dark-mode rules ${STYLE_BLOCK}` },
  'ID selector': { clients: [GMAIL_MOBILE_WEB], reason: `MJML's \`#outlook a\` reset for Outlook ${STYLE_BLOCK}` },
  'Chaining selectors': {
    clients: [GMAIL_MOBILE_WEB, 'outlook.windows'],
    reason: "MJML's `table.mj-full-width-mobile` rules inside its mobile @media query (see @media): ignored together with that query",
  },
  '@media': {
    clients: [GMAIL_MOBILE_WEB, 'outlook.windows'],
    reason: 'MJML puts the responsive column widths and our dark-mode colours in @media rules in the head: a progressive enhancement. Outlook for Windows renders the fixed 600 px desktop layout from the MSO conditional tables; Gmail mobile web shows the stacked inline layout',
  },
  'display:none': { clients: [GMAIL_MOBILE_WEB], reason: 'the hidden preheader (MJML mj-preview); where it is not hidden it also has font-size 1px, max-height 0 and the body colour, so nothing readable shows' },
  opacity: { clients: [GMAIL_MOBILE_WEB, 'outlook.windows'], reason: 'part of the same hidden-preheader style (mj-preview); the other properties already hide it' },
  overflow: { clients: ['outlook.windows'], reason: 'part of the hidden-preheader style (mj-preview); Outlook hides it through its mso-hide:all conditional' },
  outline: { clients: ['outlook.windows'], reason: "MJML's image reset `outline:none` on <img>; Outlook never draws an outline on images anyway" },
};

const FIXTURES = { sample: sampleDigest, maximal: maximalDigest, empty: emptyDigest, english: englishDigest };

function unsupported(html: string): { feature: string; client: string }[] {
  const result = doIUseEmail(html, { emailClients: CLIENTS as never });
  const errors = result.success ? [] : result.errors;
  return errors.map((e) => {
    const m = /^`(.+)` is not supported by `(.+)`$/.exec(e);
    if (!m) throw new Error(`unexpected doiuse-email message: ${e}`);
    return { feature: m[1]!, client: m[2]! };
  });
}

describe('email-client support (caniemail data via doiuse-email)', () => {
  it('uses only features Gmail, Outlook for Windows and Apple Mail support, or allowed ones with a reason', async () => {
    const used = new Set<string>();
    for (const [name, build] of Object.entries(FIXTURES)) {
      const d = build();
      const { html } = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
      const refused = unsupported(html).filter(({ feature, client }) => {
        used.add(`${feature} @ ${client}`);
        return !ALLOWED[feature]?.clients.includes(client);
      });
      expect(refused.map((r) => `${r.feature} @ ${r.client}`), `${name}: not supported and not allowed`).toEqual([]);
    }
    // Every allow-list entry is still needed.
    for (const [feature, { clients, reason }] of Object.entries(ALLOWED)) {
      expect(reason.length).toBeGreaterThan(20);
      for (const client of clients) expect(used.has(`${feature} @ ${client}`), `allow-list entry ${feature} @ ${client} is unused`).toBe(true);
    }
  });

  it('catches an unsupported feature in a template', () => {
    const html = '<!doctype html><html><head><style>.x { position: fixed; }</style></head><body><div style="position:fixed">x</div></body></html>';
    expect(unsupported(html).map((r) => r.feature)).toContain('position');
  });

  it('declares light and dark colour schemes and gives charts an opaque background', async () => {
    const d = sampleDigest();
    const { html } = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
    expect(html).toContain('<meta name="color-scheme" content="light dark"');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"');
    expect(html).toMatch(/:root\s*\{\s*color-scheme:\s*light dark;\s*supported-color-schemes:\s*light dark;/);
    expect(html).toContain('@media (prefers-color-scheme: dark)');
  });
});
