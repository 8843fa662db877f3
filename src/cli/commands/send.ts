/**
 * `digest send`: render a week and deliver it. `--dry-run` writes the finished message to the
 * outbox folder instead of using the configured transport.
 */
import { configRelative } from '../../config/load.js';
import { isEmptyWeek } from '../../model/emptiness.js';
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
  const { digest, message } = await prepareMessage(loaded, digestConfig, week, { to: splitAddresses(options.to) });
  printIssues(io, digest.dataIssues);
  if (isEmptyWeek(digest) && !options.force) {
    throw new DigestError('data', 'EMPTY_WEEK', `${digestConfig.id} ${week} has no data at all (no CRM activity, notes or KPI values); nothing was sent. Check the sources or the week, or use --force`);
  }
  const { createOutboxTransport } = await import('../../deliver/outbox.js');
  const transport = createOutboxTransport({ dir: configRelative(loaded, loaded.config.delivery.outboxDir) });
  const receipt = await transport.send(message);
  const verb = options.dryRun ? 'dry run: wrote' : 'delivered';
  io.err(`${digestConfig.id} ${week}: ${verb} ${receipt.messageId} for ${receipt.accepted.join(', ')} → ${receipt.location}`);
  return EXIT.ok;
}
