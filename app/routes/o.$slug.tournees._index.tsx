import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { addDays, parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { CreateRoundSchema } from '#app/domain/rounds/schemas.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { createRound, listRounds } from '#app/models/round.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const STATUS_LABELS = {
  planned: 'Planifiée',
  delivered: 'Livrée',
  invoiced: 'Facturée',
  cancelled: 'Annulée',
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireRoundsManager(request, params.slug);
  const rounds = await listRounds(organisation.id);
  const today = parisDayOf(new Date());
  const last = rounds.find((r) => r.status !== 'cancelled');
  return json({
    base: `/o/${organisation.slug}/tournees`,
    today,
    rounds: rounds.map((r) => ({
      ...r,
      day: formatDay(r.deliveryOn),
      statusLabel: STATUS_LABELS[r.status],
    })),
    // « Dupliquer la tournée de la semaine dernière » : the latest round, one week later.
    lastRound: last
      ? {
          id: last.id,
          day: formatDay(last.deliveryOn),
          nextWeek: addDays(last.deliveryOn, 7),
          nextWeekLabel: formatDay(addDays(last.deliveryOn, 7)),
        }
      : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireRoundsManager(request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: CreateRoundSchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const result = await createRound({
    producerId: organisation.id,
    actorId: user.id,
    input: submission.value,
    today: parisDayOf(new Date()),
  });
  if (!result.ok) {
    return json(submission.reply({ fieldErrors: result.fieldErrors }), { status: 400 });
  }
  return redirectWithToast(`/o/${organisation.slug}/tournees/${result.round.id}`, {
    kind: 'success',
    message: t('toast.roundCreated', { day: formatDay(result.round.deliveryOn) }),
  });
}

export default function Rounds() {
  const { base, rounds, today, lastRound } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'new-round',
    lastResult,
    constraint: getZodConstraint(CreateRoundSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateRoundSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <div>
      <h2>Tournées de livraison</h2>
      {rounds.length === 0 ? (
        <p className="muted">Aucune tournée pour l’instant : planifiez la première ci-dessous.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Titre</th>
              <th scope="col">Arrêts</th>
              <th scope="col">Produits</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`${base}/${r.id}`}>{r.day}</Link>
                </td>
                <td>{r.title}</td>
                <td>{r.stopCount}</td>
                <td>{r.offerCount}</td>
                <td>{r.statusLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lastRound ? (
        <Form method="post" action={`${base}/${lastRound.id}`} className="card">
          <input type="hidden" name="intent" value="duplicate" />
          <input type="hidden" name="deliveryOn" value={lastRound.nextWeek} />
          <p>
            Reprendre la tournée du {lastRound.day} (arrêts, dates limites et offres) une semaine
            plus tard, le {lastRound.nextWeekLabel}.
          </p>
          <button type="submit">Dupliquer la dernière tournée</button>
        </Form>
      ) : null}
      <section className="card">
        <h2>Planifier une tournée</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field label="Date de livraison" meta={fields.deliveryOn} type="date" min={today} />
          <Field label="Titre (facultatif)" meta={fields.title} />
          <button type="submit">Créer la tournée</button>
        </Form>
      </section>
    </div>
  );
}
