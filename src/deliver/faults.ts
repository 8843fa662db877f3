/**
 * TEST-ONLY fault hook for the exactly-once tests. When `DIGEST_TEST_FAULT` names a point the
 * process reaches, it either kills itself with SIGKILL (`DIGEST_TEST_FAULT_ACTION=kill`, the
 * default) or announces `FAULT <point>` on stderr and waits forever (`pause`) until the test
 * kills it. Unset in production, this is one environment lookup per point and does nothing.
 *
 * Points, in the order of a send: after-lock, after-rendering-record, before-sending-record,
 * after-sending-record, after-smtp-accepted, after-sent-record.
 */
export type FaultPoint =
  | 'after-lock'
  | 'after-rendering-record'
  | 'before-sending-record'
  | 'after-sending-record'
  | 'after-smtp-accepted'
  | 'after-sent-record';

export async function faultPoint(point: FaultPoint): Promise<void> {
  if (process.env.DIGEST_TEST_FAULT !== point) return;
  if (process.env.DIGEST_TEST_FAULT_ACTION === 'pause') {
    process.stderr.write(`FAULT ${point}\n`);
    await new Promise<never>(() => setInterval(() => undefined, 1 << 30));
  }
  process.kill(process.pid, 'SIGKILL');
  await new Promise<never>(() => undefined);
}
