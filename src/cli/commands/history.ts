/** `digest history`: the send ledger as a table, or as JSON with `--json`. */
import { configRelative, loadConfig, selectDigest } from '../../config/load.js';
import { createFileLedger } from '../../deliver/ledger.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';

/** The reason column's width in the table; `--json` has the full text. */
const REASON_WIDTH = 100;

/** Text cut to `max` characters at a word boundary, with `…` when something was left out. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  // A single very long word (a URL) is cut inside it rather than dropped.
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:.(–-]+$/, '')}…`;
}

interface HistoryOptions {
  config?: string;
  digest?: string;
  json?: boolean;
}

export async function run(options: HistoryOptions, io: Io): Promise<number> {
  const loaded = await loadConfig(options.config);
  const digestId = options.digest ? selectDigest(loaded, options.digest).id : undefined;
  const ledger = createFileLedger(configRelative(loaded, loaded.config.delivery.stateDir));
  const records = await ledger.list(digestId);
  if (options.json) {
    io.out(JSON.stringify(records, null, 2));
    return EXIT.ok;
  }
  if (!records.length) {
    io.out('no sends recorded yet');
    return EXIT.ok;
  }
  const rows = records.map((r) => [
    r.digestId,
    r.week,
    r.kind,
    r.state,
    String(r.attempts),
    (r.sentAt ?? r.updatedAt).replace('T', ' ').slice(0, 19),
    r.recipients.length ? `${r.recipients.filter((x) => x.status === 'accepted').length}/${r.recipients.length}` : '',
    r.messageId ?? '',
    r.error ? `${r.error.code}: ${r.error.message}` : (r.reason ?? ''),
  ]);
  const header = ['digest', 'week', 'kind', 'state', 'tries', 'at (UTC)', 'rcpt', 'message-id', 'error / reason'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === header.length - 1 ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? cutAtWord(c, REASON_WIDTH) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  io.out(line(header));
  for (const row of rows) io.out(line(row));
  return EXIT.ok;
}
