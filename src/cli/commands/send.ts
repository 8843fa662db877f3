/**
 * `digest send`: render a week and deliver it. `--dry-run` writes the finished message to the
 * outbox folder instead of using the configured transport; `--to` is a test send. Both pass
 * the same guards as a real send but bypass the ledger. A real send goes through the job layer
 * (ledger and lock): a week already sent is refused unless `--resend`, and a rerun after a
 * failure sends only what is missing.
 */
import { DigestError, EXIT } from '../../errors.js';
import { allowancesFrom, assertWeekEnded, type SendFlags } from '../../jobs/guards.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, splitAddresses, type CommonOptions } from './shared.js';

interface SendOptions extends CommonOptions, SendFlags {
  dryRun?: boolean;
  to?: string;
}

export async function run(options: SendOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, period } = await resolveTarget(options, io);
  const allow = allowancesFrom(options);
  assertWeekEnded(digestConfig.id, period, Date.now(), allow);
  const to = splitAddresses(options.to);

  if (options.dryRun || to) {
    const { prepareChecked } = await import('../../jobs/prepare.js');
    const { digest, message } = await prepareChecked(loaded, digestConfig, period, { allow, to });
    printIssues(io, digest.dataIssues);
    const { createConfiguredTransport } = await import('../../jobs/transport.js');
    const transport = await createConfiguredTransport(loaded, { dryRun: options.dryRun });
    try {
      const receipt = await transport.send(message);
      const verb = options.dryRun ? 'dry run: wrote' : 'test send: delivered';
      io.err(`${digestConfig.id} ${period.week}: ${verb} ${receipt.messageId} for ${receipt.accepted.join(', ')} → ${receipt.location}`);
    } finally {
      transport.close?.();
    }
    return EXIT.ok;
  }

  const { openJobContext, closeJobContext } = await import('../../jobs/context.js');
  const { sendWeek } = await import('../../jobs/send-week.js');
  const ctx = await openJobContext(loaded, { io });
  try {
    const outcome = await sendWeek(ctx, digestConfig, period, { allow });
    if (outcome.status === 'already-sent') {
      throw new DigestError('ALREADY_SENT', `${digestConfig.id} ${period.week} was already sent at ${outcome.record.sentAt} (${outcome.record.messageId}); use --resend to send it again`);
    }
    if (outcome.status === 'locked') {
      throw new DigestError('LOCKED', `${digestConfig.id} is being sent by another process (pid ${outcome.heldBy.pid} on ${outcome.heldBy.host} since ${outcome.heldBy.at}); nothing was sent`);
    }
    io.err(`${digestConfig.id} ${period.week}: delivered ${outcome.record.messageId} to ${outcome.record.recipients.map((r) => r.address).join(', ')} via ${ctx.transport.name}`);
    return EXIT.ok;
  } finally {
    await closeJobContext(ctx);
  }
}
