/**
 * Alerts about failures the ledger cannot record (the state folder or database itself is
 * broken) are throttled to one an hour per digest and code while the failure lasts. The
 * memory is a marker file per (digest, code) in the system's temporary folder (0600), so
 * separate cron runs share it; it holds no data, only its modification time counts.
 */
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const HOUR_MS = 3_600_000;

function markerDir(): string {
  let user = 'user';
  try {
    user = userInfo().username.replace(/[^A-Za-z0-9_-]/g, '') || user;
  } catch {
    // No user name (a container with an arbitrary uid): share one folder.
  }
  return join(tmpdir(), `alignment-digest-${user}`, 'alerts');
}

/** True (and remembered) when no alert for this digest and code went out in the last hour. */
export function mayAlertNow(digestId: string, code: string, nowMs: number, dir = markerDir()): boolean {
  const file = join(dir, `${digestId.replace(/[^a-z0-9-]/gi, '_')}.${code}`);
  try {
    if (nowMs - statSync(file).mtimeMs < HOUR_MS) return false;
  } catch {
    // No marker yet.
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, '', { mode: 0o600 });
    utimesSync(file, nowMs / 1000, nowMs / 1000);
  } catch {
    // Cannot remember: alert anyway rather than stay silent.
  }
  return true;
}
