/**
 * The send lock as a row lease in `locks`: one row per digest with a random token and an
 * expiry. Taking it is one statement (insert, or take over a row whose lease ran out), so two
 * replicas racing cannot both win; the holder renews the lease in the background, and
 * `assertHeld` renews it only if the row still carries our token and has not expired. No
 * session state is involved, so it works behind PgBouncer in transaction mode.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DigestError } from '../../errors.js';
import type { LockHandle, LockInfo, LockOptions } from '../types.js';
import { leaseHandle } from '../renewal.js';
import type { Db } from './db.js';

interface LockRow {
  token: string;
  pid: number;
  host: string;
  acquired_at: Date;
  renewed_at: Date;
  expires_at: Date;
}

const toInfo = (row: LockRow): LockInfo => ({
  pid: row.pid, host: row.host, at: row.acquired_at.toISOString(), token: row.token, expiresAt: row.expires_at.toISOString(),
});

const LEASE = `now() + make_interval(secs => $3::double precision / 1000)`;

export async function acquireRowLock(db: Db, digestId: string, options: LockOptions): Promise<LockHandle | { heldBy: LockInfo }> {
  const t = db.table('locks');
  const token = randomUUID();
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await db.query<LockRow>(
      `INSERT INTO ${t} AS l (digest_id, token, pid, host, acquired_at, renewed_at, expires_at)
       VALUES ($1, $2, $4, $5, now(), now(), ${LEASE})
       ON CONFLICT (digest_id) DO UPDATE
         SET token = EXCLUDED.token, pid = EXCLUDED.pid, host = EXCLUDED.host,
             acquired_at = now(), renewed_at = now(), expires_at = EXCLUDED.expires_at
         WHERE l.expires_at <= now()
       RETURNING token, pid, host, acquired_at, renewed_at, expires_at`,
      [digestId, token, options.leaseMs, process.pid, hostname()],
      'taking the send lock',
    );
    if (taken.rows[0]) return rowLockHandle(db, digestId, toInfo(taken.rows[0]), options);
    const holder = await db.query<LockRow>(
      `SELECT token, pid, host, acquired_at, renewed_at, expires_at FROM ${t} WHERE digest_id = $1`,
      [digestId],
      'reading the send lock',
    );
    if (holder.rows[0]) return { heldBy: toInfo(holder.rows[0]) };
    // Released between the two statements: try again.
  }
  throw new DigestError('STATE_UNREACHABLE', `the send lock of ${digestId} in ${db.target} kept changing hands; try again`);
}

function rowLockHandle(db: Db, digestId: string, info: LockInfo, options: LockOptions): LockHandle {
  const t = db.table('locks');
  const renew = async () => {
    const result = await db.query<{ expires_at: Date }>(
      `UPDATE ${t} SET expires_at = ${LEASE}, renewed_at = now()
       WHERE digest_id = $1 AND token = $2 AND expires_at > now()
       RETURNING expires_at`,
      [digestId, info.token, options.leaseMs],
      'renewing the send lock',
    );
    const row = result.rows[0];
    if (!row) {
      throw new DigestError('LOCKED', `the send lock of ${digestId} in ${db.target} ran out or was taken over by another process; this process stops before sending`);
    }
    info.expiresAt = row.expires_at.toISOString();
  };
  const remove = () =>
    db.query(`DELETE FROM ${t} WHERE digest_id = $1 AND token = $2`, [digestId, info.token], 'releasing the send lock').then(() => undefined, () => undefined);
  return leaseHandle(info, options, `the send lock of ${digestId}`, renew, remove);
}
