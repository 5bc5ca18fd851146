import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { notFound, requireOpOrMember } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  REQUEST_KIND_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
} from '#app/domain/op/members.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { decideMemberRequest, listMemberRequests } from '#app/models/op-member-request.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const DecisionSchema = z.object({
  to: z.enum(REQUEST_STATUSES, { error: 'Choisissez la suite donnée.' }),
  comment: z.string().max(4000, 'Message : 4 000 caractères au plus.').default(''),
  memberNumber: z.string().trim().optional(),
  joinedOn: z.string().trim().optional(),
  leftOn: z.string().trim().optional(),
});

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireOpOrMember(request, params.slug);
  const side = access.organisation.kind === 'op' ? ('op' as const) : ('member' as const);
  const requests = await listMemberRequests(
    side === 'op' ? { opId: access.organisation.id } : { producerId: access.organisation.id },
  );
  const found = requests.find((r) => r.id === params.requestId);
  if (!found) {
    notFound('Demande introuvable.');
  }
  return { ...access, side, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, side, found } = await load(request, params);
  const final = ['accepted', 'refused', 'closed'].includes(found.status);
  const choices: RequestStatus[] = final
    ? []
    : side === 'op'
      ? [
          found.status,
          ...(['in_progress', 'accepted', 'refused', 'closed'] as const).filter(
            (s) => s !== found.status,
          ),
        ]
      : [found.status, 'closed'];
  return json({
    base: `/o/${organisation.slug}/membres-op`,
    side,
    today: parisDayOf(new Date()),
    request: {
      kind: found.kind,
      kindLabel: REQUEST_KIND_LABELS[found.kind],
      subject: found.subject,
      body: found.body,
      status: REQUEST_STATUS_LABELS[found.status],
      producerName: found.producerName,
      opName: found.opName,
      events: found.events.map((e) => ({
        id: e.id,
        at: formatDateTime(e.at),
        who: e.actorSide === 'op' ? found.opName : found.producerName,
        change:
          e.fromStatus === null
            ? 'Demande envoyée'
            : e.fromStatus === e.toStatus
              ? 'Message'
              : `${REQUEST_STATUS_LABELS[e.fromStatus]} → ${REQUEST_STATUS_LABELS[e.toStatus]}`,
        comment: e.comment,
      })),
    },
    choices: choices.map((status) => ({
      value: status,
      label:
        status === found.status ? 'Répondre sans changer l’état' : REQUEST_STATUS_LABELS[status],
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, side, found } = await load(request, params);
  const parsed = DecisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
  }
  const { to, comment, memberNumber, joinedOn, leftOn } = parsed.data;
  const decided = await decideMemberRequest({
    requestId: found.id,
    organisationId: organisation.id,
    side,
    to,
    comment,
    actorId: user.id,
    ...(memberNumber && joinedOn
      ? { member: { memberNumber, joinedOn, transferOfOwnership: false, notes: '' } }
      : {}),
    ...(leftOn ? { leftOn } : {}),
  });
  if (!decided.ok) {
    return json({ errors: [decided.message] }, { status: 400 });
  }
  return redirectWithToast(`/o/${organisation.slug}/membres-op/demandes/${found.id}`, {
    kind: 'success',
    message: t('toast.requestUpdated'),
  });
}

export default function MemberRequestDetail() {
  const { base, side, today, request, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <p>
        <Link to={base}>← {side === 'op' ? 'Registre des membres' : 'Mon OP'}</Link>
      </p>
      <h2>
        {request.kindLabel} — {request.subject}
      </h2>
      <p>
        {request.producerName} → {request.opName} · état : <strong>{request.status}</strong>
      </p>
      {request.body ? <blockquote>{request.body}</blockquote> : null}
      <h3>Historique</h3>
      <ol className="history">
        {request.events.map((e) => (
          <li key={e.id}>
            {e.at} — {e.who} : {e.change}
            {e.comment ? ` — « ${e.comment} »` : ''}
          </li>
        ))}
      </ol>
      <FormErrors id="request-errors" errors={result?.errors} />
      {choices.length > 0 ? (
        <Form method="post" className="stack card">
          <div className="field">
            <label htmlFor="to">Suite donnée</label>
            <select id="to" name="to">
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="comment">Message (obligatoire pour un refus)</label>
            <textarea id="comment" name="comment" rows={3} maxLength={4000} />
          </div>
          {side === 'op' && request.kind === 'join' ? (
            <fieldset>
              <legend>En cas d’acceptation : inscription au registre</legend>
              <div className="field">
                <label htmlFor="memberNumber">N° d’adhérent</label>
                <input id="memberNumber" name="memberNumber" maxLength={20} />
              </div>
              <div className="field">
                <label htmlFor="joinedOn">Date d’adhésion</label>
                <input id="joinedOn" name="joinedOn" type="date" defaultValue={today} />
              </div>
            </fieldset>
          ) : null}
          {side === 'op' && request.kind === 'leave' ? (
            <div className="field">
              <label htmlFor="leftOn">En cas d’acceptation : dernier jour d’adhésion</label>
              <input id="leftOn" name="leftOn" type="date" />
            </div>
          ) : null}
          <button type="submit">Enregistrer</button>
        </Form>
      ) : (
        <p className="muted">Demande traitée : déposez une nouvelle demande si besoin.</p>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Demande de membre — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
