import { parseWithZod } from '@conform-to/zod/v4';
import { type ActionFunctionArgs, json, redirect } from '@remix-run/node';
import type { z } from 'zod';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  AddOfferSchema,
  DuplicateRoundSchema,
  MoveStopSchema,
  OfferRefSchema,
  StopRefSchema,
  StopSchema,
  UpdateOfferSchema,
  UpdateStopMinimumSchema,
} from '#app/domain/rounds/schemas.ts';
import { formatDay } from '#app/i18n/format.ts';
import { type MessageKey, t } from '#app/i18n/fr.ts';
import { duplicateRound, isRoundEditable, type Result } from '#app/models/round.server.ts';
import { addOffer, removeOffer, updateOffer } from '#app/models/round-offer.server.ts';
import { addStop, moveStop, removeStop, updateStopMinimum } from '#app/models/round-stop.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export const INTENTS = [
  'add-stop',
  'remove-stop',
  'move-stop',
  'update-stop-minimum',
  'add-offer',
  'update-offer',
  'remove-offer',
  'duplicate',
] as const;
export type Intent = (typeof INTENTS)[number];

type Context = Awaited<ReturnType<typeof requireProducerRound>> & { url: string };

/** Parses with `schema`, runs `run`, answers 400 with field errors or redirects with a toast. */
async function handle<S extends z.ZodType, T>(options: {
  intent: Intent;
  formData: FormData;
  schema: S;
  run: (value: z.output<S>) => Promise<Result<T>>;
  success: (
    value: z.output<S>,
    result: T,
  ) => { url: string; toast?: MessageKey; params?: Record<string, string> };
}) {
  const submission = parseWithZod(options.formData, { schema: options.schema });
  if (submission.status !== 'success') {
    return json({ intent: options.intent, result: submission.reply() }, { status: 400 });
  }
  const result = await options.run(submission.value);
  if (!result.ok) {
    const { fieldErrors } = result;
    return json(
      { intent: options.intent, result: submission.reply({ fieldErrors }) },
      { status: 400 },
    );
  }
  const next = options.success(submission.value, result);
  return next.toast
    ? redirectWithToast(next.url, { kind: 'success', message: t(next.toast, next.params) })
    : redirect(next.url);
}

function notEditable(intent: Intent) {
  return json(
    { intent, result: { status: 'error' as const, error: { '': [t('round.notEditable')] } } },
    { status: 409 },
  );
}

function dispatch(intent: Intent, formData: FormData, context: Context) {
  const { round, organisation, user, url } = context;
  const roundId = round.id;
  const base = { intent, formData };
  switch (intent) {
    case 'add-stop':
      return handle({
        ...base,
        schema: StopSchema,
        run: (input) => addStop({ round, input }),
        success: (_v, r) => ({ url, toast: 'toast.stopAdded', params: { name: r.name } }),
      });
    case 'remove-stop':
      return handle({
        ...base,
        schema: StopRefSchema,
        run: ({ stopId }) => removeStop({ roundId, stopId }),
        success: () => ({ url, toast: 'toast.stopRemoved' }),
      });
    case 'move-stop':
      return handle({
        ...base,
        schema: MoveStopSchema,
        run: (input) => moveStop({ roundId, ...input }),
        success: () => ({ url }),
      });
    case 'update-stop-minimum':
      return handle({
        ...base,
        schema: UpdateStopMinimumSchema,
        run: ({ stopId, minimumOrder }) =>
          updateStopMinimum({ roundId, stopId, minimumCents: minimumOrder }),
        success: ({ minimumOrder }, r) => ({
          url,
          toast: minimumOrder === null ? 'round.stop.minimumCleared' : 'round.stop.minimumSaved',
          params: { name: r.name },
        }),
      });
    case 'add-offer':
      return handle({
        ...base,
        schema: AddOfferSchema,
        run: (input) => addOffer({ producerId: organisation.id, roundId, input }),
        success: () => ({ url, toast: 'toast.offerSaved' }),
      });
    case 'update-offer':
      return handle({
        ...base,
        schema: UpdateOfferSchema,
        run: (input) => updateOffer({ roundId, input }),
        success: () => ({ url, toast: 'toast.offerSaved' }),
      });
    case 'remove-offer':
      return handle({
        ...base,
        schema: OfferRefSchema,
        run: ({ offerId }) => removeOffer({ roundId, offerId }),
        success: () => ({ url, toast: 'toast.offerRemoved' }),
      });
    case 'duplicate':
      return handle({
        ...base,
        schema: DuplicateRoundSchema,
        run: ({ deliveryOn }) =>
          duplicateRound({
            producerId: organisation.id,
            actorId: user.id,
            source: round,
            deliveryOn,
            today: parisDayOf(new Date()),
          }),
        success: (_v, r) => ({
          url: `/o/${organisation.slug}/tournees/${r.round.id}`,
          toast: 'toast.roundDuplicated',
          params: { day: formatDay(r.round.deliveryOn) },
        }),
      });
  }
}

export async function handleRoundAction({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerRound(request, params);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  if (!(INTENTS as readonly string[]).includes(intent)) {
    return json({ intent: null, result: null }, { status: 400 });
  }
  if (intent !== 'duplicate' && !isRoundEditable(access.round)) {
    return notEditable(intent as Intent);
  }
  const url = `/o/${access.organisation.slug}/tournees/${access.round.id}`;
  return dispatch(intent as Intent, formData, { ...access, url });
}
