import { z } from 'zod';
import { isValidDay } from '#app/domain/calendar/paris-time.ts';
import {
  parseEuroCents,
  parseQuantityMilli,
  type ScaledNumberResult,
} from '#app/domain/catalogue/french-number.ts';
import { t } from '#app/i18n/fr.ts';

export const ROUND_TITLE_MAX_LENGTH = 120;
export const STOP_ADDRESS_MAX_LENGTH = 200;

const DaySchema = z
  .string({ error: t('round.deliveryOn') })
  .trim()
  .refine(isValidDay, t('round.deliveryOn'));

const TimeOfDaySchema = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, t('round.stop.invalidTime'))
  .optional();

/**
 * French decimal text → scaled integer, the parser's French message on failure; empty → null.
 * With `zeroMessage`, 0 is refused with that message too (a strictly positive amount).
 */
function scaled(parse: (text: string) => ScaledNumberResult, zeroMessage?: string) {
  return z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') {
        return null;
      }
      const result = parse(text);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }
      if (zeroMessage !== undefined && result.value === 0) {
        ctx.addIssue({ code: 'custom', message: zeroMessage });
        return z.NEVER;
      }
      return result.value;
    });
}

/** « Minimum de commande (€) » of a stop: euros at the customers' prices; empty: no minimum. */
const MinimumOrderSchema = scaled(parseEuroCents, t('round.stop.minimumPositive'));

export const CreateRoundSchema = z.object({
  deliveryOn: DaySchema,
  title: z
    .string()
    .trim()
    .max(ROUND_TITLE_MAX_LENGTH, t('round.titleTooLong', { max: ROUND_TITLE_MAX_LENGTH }))
    .optional()
    .transform((title) => title ?? ''),
});
export type CreateRound = z.infer<typeof CreateRoundSchema>;

export const DuplicateRoundSchema = z.object({ deliveryOn: DaySchema });

/** Window times are Paris times of day on the delivery day; the deadline a Paris date-time. */
export const StopSchema = z.object({
  organisationId: z.uuid({ error: t('round.stop.organisation') }),
  address: z
    .string()
    .trim()
    .max(STOP_ADDRESS_MAX_LENGTH, t('round.stop.addressTooLong', { max: STOP_ADDRESS_MAX_LENGTH }))
    .optional(),
  windowStart: TimeOfDaySchema,
  windowEnd: TimeOfDaySchema,
  orderDeadline: z.string({ error: t('round.stop.deadline') }).trim(),
  minimumOrder: MinimumOrderSchema,
});
export type StopInput = z.infer<typeof StopSchema>;

export const StopRefSchema = z.object({ stopId: z.uuid({ error: t('round.stop.notFound') }) });
export const UpdateStopMinimumSchema = StopRefSchema.extend({ minimumOrder: MinimumOrderSchema });
export const MoveStopSchema = StopRefSchema.extend({ direction: z.enum(['up', 'down']) });

const OfferValuesShape = {
  stock: scaled(parseQuantityMilli),
  consumerPriceOverride: scaled(parseEuroCents),
  proPriceOverride: scaled(parseEuroCents),
};

export const AddOfferSchema = z.object({
  productId: z.uuid({ error: t('round.offer.product') }),
  ...OfferValuesShape,
});
export type AddOffer = z.infer<typeof AddOfferSchema>;

export const UpdateOfferSchema = z.object({
  offerId: z.uuid({ error: t('round.offer.notFound') }),
  ...OfferValuesShape,
});
export type UpdateOffer = z.infer<typeof UpdateOfferSchema>;

export const OfferRefSchema = z.object({ offerId: z.uuid({ error: t('round.offer.notFound') }) });
