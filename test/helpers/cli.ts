/** Runs the CLI in-process with a captured Io, and writes throwaway configs. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const SAMPLE = join(REPO, 'data/sample');
export const EXAMPLE_CONFIG = join(REPO, 'digest.config.example.yaml');

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export async function tempDir(prefix = 'digest-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A config on the sample data that writes into a temporary outbox. */
export async function sampleConfig(overrides: Record<string, unknown> = {}, digestOverrides: Record<string, unknown> = {}): Promise<{ path: string; dir: string }> {
  const dir = await tempDir();
  const config = {
    allowedDomains: ['nordlicht-software.de'],
    delivery: { transport: 'outbox', outboxDir: join(dir, 'outbox') },
    digests: [{
      id: 'dach',
      locale: 'de-DE',
      exchangeRates: { CHF: 1.06, USD: 0.92 },
      sources: { crm: { type: 'files', path: SAMPLE }, sheet: { type: 'files', path: SAMPLE } },
      kpis: [
        { id: 'event_leads', label: 'Event-Leads' },
        { id: 'webinar_signups', label: 'Webinar-Anmeldungen' },
        { id: 'content_published', label: 'Inhalte' },
        { id: 'budget_spent', label: 'Budget', unit: 'money', direction: 'lower' },
        { id: 'demo_show_rate', label: 'Demo-Quote', unit: 'ratio' },
      ],
      mail: { from: 'Digest <digest@nordlicht-software.de>', to: ['team@nordlicht-software.de'], unsubscribeUrl: 'https://nordlicht-software.de/abmelden' },
      ...digestOverrides,
    }],
    ...overrides,
  };
  const path = join(dir, 'digest.config.yaml');
  await writeFile(path, stringify(config));
  return { path, dir };
}
