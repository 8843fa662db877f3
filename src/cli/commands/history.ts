/** `digest history`: the send ledger as a table, or as JSON with `--json`; broken entries are listed, never fatal. */
import { configRelative, loadConfig, selectDigest } from '../../config/load.js';
import { EXIT } from '../../errors.js';
import { openStateStore } from '../../state/index.js';
import type { Io } from '../io.js';

interface HistoryOptions {
  config?: string;
  digest?: string;
  json?: boolean;
}

const REASON_WIDTH = 100;

/** Cut at a word boundary with an ellipsis, never mid-word. */
export function cutAtWord(text: string, width: number): string {
  if (text.length <= width) return text;
  const room = text.slice(0, width - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > width / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}

export async function run(options: HistoryOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const loaded = await loadConfig(options.config);
  const digestId = options.digest ? selectDigest(loaded, options.digest).id : undefined;
  const store = await openStateStore(loaded.config, env, (path) => configRelative(loaded, path));
  const { records, broken } = await store.list(digestId).finally(() => store.close());
  for (const entry of broken) io.err(`warning ${entry.location}: ${entry.message} (\`digest send --digest ${entry.digestId} --week ${entry.week} --resend\` moves it aside and sends the week)`);
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
    cutAtWord(r.error ? `${r.error.code}: ${r.error.message}` : (r.reason ?? ''), REASON_WIDTH),
  ]);
  const header = ['digest', 'week', 'kind', 'state', 'tries', 'at (UTC)', 'rcpt', 'message-id', 'error / reason'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === header.length - 1 ? 0 : row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  io.out(line(header));
  for (const row of rows) io.out(line(row));
  return EXIT.ok;
}
