/**
 * The preview page: subject and preheader, the data issues, switchers for digest and week,
 * and the email itself at a phone width and a desktop width (iframes on `/email`). A small
 * script reloads the page when the server reports a change (Server-Sent Events on `/events`).
 */
import type { PreviewResult } from './renderer.js';

export const PHONE_WIDTH = 375;
export const DESKTOP_WIDTH = 800;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function query(digestId: string, week: string, version: number): string {
  return new URLSearchParams({ digest: digestId, week, v: String(version) }).toString();
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f6f8fa; color: #1f2328; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid #d0d7de; }
header form { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
h1 { font-size: 16px; margin: 0 12px 0 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 10px 0 0; }
dt { color: #57606a; } dd { margin: 0; }
.issues { margin: 8px 0 0; padding-left: 20px; color: #9a6700; }
.issues code { color: #57606a; }
.error { margin: 20px; padding: 12px 16px; background: #ffebe9; border: 1px solid #ff8182; white-space: pre-wrap; }
main { display: flex; gap: 24px; padding: 20px; align-items: flex-start; }
figure { margin: 0; } figcaption { color: #57606a; margin-bottom: 6px; }
iframe { border: 1px solid #d0d7de; background: #fff; display: block; height: 1600px; }
#status { color: #57606a; margin-left: auto; }
`;

/** Resizes each iframe to its document (same origin), so neither pane scrolls on its own. */
const SCRIPT = `
for (const frame of document.querySelectorAll('iframe')) {
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    if (doc && doc.documentElement) frame.style.height = (doc.documentElement.scrollHeight + 2) + 'px';
  });
}
const status = document.getElementById('status');
const events = new EventSource('/events');
events.addEventListener('reload', (e) => { status.textContent = 'changed: ' + e.data + ' · reloading'; location.reload(); });
events.addEventListener('open', () => { status.textContent = 'live'; });
events.addEventListener('error', () => { status.textContent = 'server gone; waiting'; });
`;

interface Switchers {
  digestIds: string[];
  weeks: string[];
  digestId: string;
  week: string;
}

function form({ digestIds, weeks, digestId, week }: Switchers): string {
  const options = (values: string[], selected: string) => values.map((v) => `<option${v === selected ? ' selected' : ''}>${esc(v)}</option>`).join('');
  return `<form method="get" action="/">
<h1>digest preview</h1>
<label>Digest <select name="digest" onchange="this.form.submit()">${options(digestIds, digestId)}</select></label>
<label>Week <select name="week" onchange="this.form.submit()">${options(weeks, week)}</select></label>
<noscript><button>Show</button></noscript>
<span id="status">connecting</span>
</form>`;
}

function shell(title: string, body: string, version: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body data-version="${version}">${body}<script>${SCRIPT}</script></body></html>`;
}

export function previewPage(result: PreviewResult, version: number): string {
  const { rendered, digest } = result;
  const q = query(result.digestId, result.week, version);
  const issues = [
    ...result.configWarnings.map((w) => `<li>config: ${esc(w)}</li>`),
    ...digest.dataIssues.map((i) => `<li><code>${esc(i.location)}</code> ${esc(i.severity)}: ${esc(i.message)}</li>`),
  ];
  const header = `<header>${form(result)}
<dl><dt>Subject</dt><dd id="subject">${esc(rendered.subject)}</dd>
<dt>Preheader</dt><dd id="preheader">${esc(rendered.preheader)}</dd>
<dt>Size</dt><dd>HTML ${(Buffer.byteLength(rendered.html) / 1024).toFixed(1)} KB · ${rendered.images.length} inline images, ${(rendered.images.reduce((n, i) => n + i.content.length, 0) / 1024).toFixed(1)} KB</dd>
<dt>Data issues</dt><dd>${issues.length ? `${issues.length}<ul class="issues" id="issues">${issues.join('')}</ul>` : '<span id="issues">none</span>'}</dd></dl>
</header>`;
  const pane = (id: string, label: string, width: number) =>
    `<figure><figcaption>${esc(label)} · ${width} px</figcaption><iframe id="${id}" title="${esc(label)}" src="/email?${q}" width="${width}" style="width:${width}px"></iframe></figure>`;
  return shell(`${rendered.subject} · preview`, `${header}<main>${pane('phone', 'Phone', PHONE_WIDTH)}${pane('desktop', 'Desktop', DESKTOP_WIDTH)}</main>`, version);
}

export function errorPage(message: string, target: Partial<Switchers>, version: number): string {
  const switchers = target.digestIds?.length && target.weeks?.length ? form(target as Switchers) : '<h1>digest preview</h1><span id="status">connecting</span>';
  return shell('preview: error', `<header>${switchers}</header><pre class="error" id="error">${esc(message)}</pre>`, version);
}

/** The email's HTML with each `cid:` reference pointed at the server's image route. */
export function withImageRoutes(html: string, digestId: string, week: string, version: number): string {
  const q = query(digestId, week, version);
  return html.replace(/(\ssrc=")cid:([^"]+)"/g, (_m, attr: string, cid: string) => `${attr}/image/${encodeURIComponent(cid)}?${q.replace(/&/g, '&amp;')}"`);
}
