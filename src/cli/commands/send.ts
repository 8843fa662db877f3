/**
 * `digest send`: render a week and deliver it. `--dry-run` writes the finished message to the
 * outbox folder instead of using the configured transport; `--to` is a test send. Both bypass
 * the ledger. A real send goes through the ledger and the lock: a week already sent is refused
 * unless `--force`, and a rerun after a failure sends only what is missing.
 */
import { configRelative } from '../../config/load.js';
import { prepareMessage } from '../../pipeline.js';
import { DigestError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, splitAddresses, type CommonOptions } from './shared.js';

interface SendOptions extends CommonOptions {
  dryRun?: boolean;
  to?: string;
  force?: boolean;
}

export async function run(options: SendOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, week } = await resolveTarget(options, io);
  const to = splitAddresses(options.to);
  if (options.dryRun || to) {
    const { digest, message, rendered } = await prepareMessage(loaded, digestConfig, week, { to });
    printIssues(io, digest.dataIssues);
    // The same guards as a real send (freshness needs the raw records, which only it keeps).
    const { checkBeforeSending } = await import('../../deliver/guards.js');
    const refusals = options.force ? [] : checkBeforeSending(digest, undefined, digestConfig.timezone, digestConfig.freshness);
    if (refusals.length) {
      throw new DigestError(refusals[0]!.code, `${refusals.map((r) => r.reason).join('; ')}; nothing was sent. Fix the sources or the week, or use --force`);
    }
    (await import('../../render/size.js')).assertMessageSize(rendered);
    const { createConfiguredTransport } = await import('../../deliver/factory.js');
    const transport = options.dryRun
      ? (await import('../../deliver/outbox.js')).createOutboxTransport({ dir: configRelative(loaded, loaded.config.delivery.outboxDir) })
      : await createConfiguredTransport(loaded);
    try {
      const receipt = await transport.send(message);
      const verb = options.dryRun ? 'dry run: wrote' : 'test send: delivered';
      io.err(`${digestConfig.id} ${week}: ${verb} ${receipt.messageId} for ${receipt.accepted.join(', ')} → ${receipt.location}`);
    } finally {
      transport.close?.();
    }
    return EXIT.ok;
  }

  const { openDelivery } = await import('../../deliver/context.js');
  const { sendWeek } = await import('../../deliver/send-once.js');
  const ctx = await openDelivery(loaded, { io });
  try {
    const outcome = await sendWeek(ctx, digestConfig, week, { force: options.force, skipGuards: options.force });
    if (outcome.status === 'already-sent') {
      throw new DigestError('ALREADY_SENT', `${digestConfig.id} ${week} was already sent at ${outcome.record.sentAt} (${outcome.record.messageId}); use --force to send it again`);
    }
    if (outcome.status === 'locked') {
      throw new DigestError('LOCKED', `${digestConfig.id} is being sent by another process (pid ${outcome.heldBy.pid} on ${outcome.heldBy.host} since ${outcome.heldBy.at}); nothing was sent`);
    }
    io.err(`${digestConfig.id} ${week}: delivered ${outcome.record.messageId} to ${outcome.record.recipients.map((r) => r.address).join(', ')} via ${ctx.transport.name}`);
    return EXIT.ok;
  } finally {
    ctx.transport.close?.();
  }
}
