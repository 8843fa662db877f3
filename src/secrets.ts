/**
 * The one secret scrubber. Every secret the process comes to hold is remembered here the moment
 * it is read or obtained: environment secrets (SMTP password, CRM token, database URL's
 * password), access tokens fetched at run time, signed JWT assertions, key-file contents. Every
 * boundary where text leaves the process runs `scrub`: error messages on stderr, log lines, the
 * ledger, alert emails and webhooks, `validate` output and the preview page. A server that
 * echoes a credential back in its error body therefore cannot make it leak.
 *
 * Besides the raw value, the forms a server is likely to echo are scrubbed too: URL-encoded,
 * JSON-escaped and base64 (HTTP Basic auth, SMTP AUTH PLAIN carries base64).
 */
const MIN_LENGTH = 6;
const REPLACEMENT = '[redacted]';

const known = new Set<string>();
let variants: string[] = [];

function refresh(): void {
  const all = new Set<string>();
  for (const secret of known) {
    all.add(secret);
    all.add(encodeURIComponent(secret));
    all.add(JSON.stringify(secret).slice(1, -1));
    all.add(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
    // A PEM key is echoed line by line more often than whole.
    for (const line of secret.split(/\r?\n/)) if (line.length >= 16 && !/^-----/.test(line)) all.add(line);
  }
  // Longest first, so a secret that contains another is replaced whole.
  variants = [...all].filter((v) => v.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

/** Remembers a secret value (ignored when empty or too short to be one). */
export function rememberSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_LENGTH || known.has(trimmed)) return;
  known.add(trimmed);
  if (trimmed !== value && value.length >= MIN_LENGTH) known.add(value);
  refresh();
}

/** Reads a secret from the environment and remembers it: the only way secrets are read from it. */
export function readSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  rememberSecret(value);
  return value;
}

/** The text with every known secret (in any of its echoed forms) replaced. */
export function scrub(text: string): string {
  if (!variants.length || !text) return text;
  let out = text;
  for (const v of variants) if (out.includes(v)) out = out.split(v).join(REPLACEMENT);
  return out;
}

/** The message of any thrown value, scrubbed (for stderr, the ledger, alerts). */
export function safeMessage(error: unknown): string {
  return scrub(error instanceof Error ? error.message : String(error));
}

/** For tests: forget every secret. */
export function forgetSecrets(): void {
  known.clear();
  variants = [];
}
