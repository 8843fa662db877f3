/** Config of delivery: how messages leave the tool. */
import * as v from 'valibot';

export const deliverySchema = v.pipe(
  v.optional(
    v.strictObject({
      transport: v.pipe(v.optional(v.picklist(['outbox']), 'outbox'), v.description('outbox: write .eml files to a folder')),
      outboxDir: v.pipe(v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), 'outbox'), v.description('folder for .eml files, relative to the config file')),
    }),
    {},
  ),
  v.description('how messages leave'),
);

export type DeliveryConfig = v.InferOutput<typeof deliverySchema>;
