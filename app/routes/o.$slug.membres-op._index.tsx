import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireOpOrMember } from '#app/auth/require-op.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  REQUEST_STATUS_LABELS,
} from '#app/domain/op/members.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { listOpInvoiceReviews } from '#app/models/op-invoice-review.server.ts';
import {
  addOpMember,
  listCandidateProducers,
  listMembershipsOfProducer,
  listOpMembers,
} from '#app/models/op-member.server.ts';
import {
  createMemberRequest,
  listMemberRequests,
  listProducerOrganisations,
} from '#app/models/op-member-request.server.ts';
import { describeMember } from '#app/models/op-pages.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const NewMemberSchema = z.object({
  intent: z.literal('add-member'),
  producerId: z.string().uuid('Choisissez le producteur.'),
  memberNumber: z.string().trim(),
  joinedOn: z.string().trim(),
  transferOfOwnership: z.literal('on').optional(),
});

const NewRequestSchema = z.object({
  intent: z.literal('new-request'),
  opId: z.string().uuid('Choisissez l’organisation de producteurs.'),
  kind: z.enum(REQUEST_KINDS, { error: 'Choisissez le type de demande.' }),
  subject: z.string(),
  body: z.string().default(''),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrMember(request, params.slug);
  const today = parisDayOf(new Date());
  const requests = await listMemberRequests(
    organisation.kind === 'op' ? { opId: organisation.id } : { producerId: organisation.id },
  );
  const requestRows = requests.map((r) => ({
    id: r.id,
    at: formatDateTime(r.createdAt),
    who: organisation.kind === 'op' ? r.producerName : r.opName,
    kind: REQUEST_KIND_LABELS[r.kind],
    subject: r.subject,
    status: REQUEST_STATUS_LABELS[r.status],
  }));
  const base = `/o/${organisation.slug}/membres-op`;
  if (organisation.kind === 'op') {
    const members = await listOpMembers({ opId: organisation.id });
    return json({
      view: 'op' as const,
      base,
      slug: organisation.slug,
      today,
      members: members.map((m) => ({ id: m.id, ...describeMember(m, today) })),
      candidates: await listCandidateProducers({ opId: organisation.id }),
      requests: requestRows,
      ops: [],
      opInvoices: null,
    });
  }
  const memberships = await listMembershipsOfProducer({ producerId: organisation.id });
  return json({
    view: 'member' as const,
    base,
    slug: organisation.slug,
    today,
    members: memberships.map((m) => ({ id: m.id, opName: m.opName, ...describeMember(m, today) })),
    candidates: [],
    requests: requestRows,
    ops: await listProducerOrganisations(),
    opInvoices: await countInvoicesToAnswer(organisation.id, today),
  });
}

/** Invoices the member's OPs issued in its name, and those waiting for its answer. */
async function countInvoicesToAnswer(producerId: string, today: string) {
  const reviews = await listOpInvoiceReviews({ scope: { producerId }, today });
  return {
    total: reviews.length,
    toAnswer: reviews.filter((r) => r.review?.state === 'pending').length,
    contested: reviews.filter((r) => r.review?.state === 'contested').length,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOpOrMember(request, params.slug);
  const form = Object.fromEntries(await request.formData());
  const base = `/o/${organisation.slug}/membres-op`;
  if (organisation.kind === 'op' && form.intent === 'add-member') {
    const parsed = NewMemberSchema.safeParse(form);
    if (!parsed.success) {
      return json({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    }
    const added = await addOpMember({
      opId: organisation.id,
      producerId: parsed.data.producerId,
      fields: {
        memberNumber: parsed.data.memberNumber,
        joinedOn: parsed.data.joinedOn,
        leftOn: null,
        transferOfOwnership: parsed.data.transferOfOwnership === 'on',
        notes: '',
      },
      actorId: user.id,
    });
    if (!added.ok) {
      return json({ errors: [added.message, ...(added.issues ?? [])] }, { status: 400 });
    }
    return redirectWithToast(`${base}/${added.memberId}`, {
      kind: 'success',
      message: t('toast.memberAdded'),
    });
  }
  if (organisation.kind === 'producer' && form.intent === 'new-request') {
    const parsed = NewRequestSchema.safeParse(form);
    if (!parsed.success) {
      return json({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    }
    const created = await createMemberRequest({
      ...parsed.data,
      producerId: organisation.id,
      side: 'member',
      actorId: user.id,
    });
    if (!created.ok) {
      return json({ errors: [created.message] }, { status: 400 });
    }
    return redirectWithToast(`${base}/demandes/${created.id}`, {
      kind: 'success',
      message: t('toast.requestCreated'),
    });
  }
  return json({ errors: ['Action inconnue.'] }, { status: 400 });
}

export default function OpMembers() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const isOp = data.view === 'op';
  return (
    <div>
      <h2>{isOp ? 'Registre des membres' : 'Mon organisation de producteurs'}</h2>
      <FormErrors id="members-errors" errors={result?.errors} />
      {data.members.length === 0 ? (
        <p>{isOp ? 'Aucun membre inscrit.' : 'Vous n’êtes membre d’aucune OP sur Cabas.'}</p>
      ) : (
        <table>
          <thead>
            <tr>
              {isOp ? null : <th scope="col">OP</th>}
              <th scope="col">N° d’adhérent</th>
              <th scope="col">Producteur</th>
              <th scope="col">Adhésion</th>
              <th scope="col">Cheptel</th>
              <th scope="col">Certifications en cours</th>
              <th scope="col">Volumes annuels</th>
              <th scope="col">Transfert de propriété</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr key={m.id}>
                {'opName' in m ? <td>{String(m.opName)}</td> : null}
                <td>
                  {isOp ? (
                    <Link to={`${data.base}/${m.id}`}>{m.memberNumber}</Link>
                  ) : (
                    m.memberNumber
                  )}
                </td>
                <td>{m.producerName}</td>
                <td>{m.membership}</td>
                <td>{m.herd}</td>
                <td>{m.certifications}</td>
                <td>{m.volumes}</td>
                <td>{m.transfer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.opInvoices && data.opInvoices.total > 0 ? (
        <section className="card" aria-labelledby="op-invoices-title">
          <h3 id="op-invoices-title">Factures émises par l’OP en votre nom</h3>
          <p>
            {data.opInvoices.total} document(s), dont {data.opInvoices.toAnswer} à accepter ou
            contester et {data.opInvoices.contested} contesté(s) en attente de l’OP.{' '}
            <Link to={`/o/${data.slug}/factures-op`}>Voir les factures</Link>
          </p>
        </section>
      ) : null}
      <h3>Demandes des membres</h3>
      {data.requests.length === 0 ? (
        <p>Aucune demande.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Reçue le</th>
              <th scope="col">{isOp ? 'Producteur' : 'OP'}</th>
              <th scope="col">Type</th>
              <th scope="col">Objet</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {data.requests.map((r) => (
              <tr key={r.id}>
                <td>{r.at}</td>
                <td>{r.who}</td>
                <td>{r.kind}</td>
                <td>
                  <Link to={`${data.base}/demandes/${r.id}`}>{r.subject}</Link>
                </td>
                <td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isOp ? (
        <section className="card">
          <h3>Inscrire un membre</h3>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="add-member" />
            <div className="field">
              <label htmlFor="producerId">Producteur</label>
              <select id="producerId" name="producerId" required>
                {data.candidates.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="memberNumber">N° d’adhérent</label>
              <input id="memberNumber" name="memberNumber" maxLength={20} required />
            </div>
            <div className="field">
              <label htmlFor="joinedOn">Date d’adhésion</label>
              <input id="joinedOn" name="joinedOn" type="date" defaultValue={data.today} required />
            </div>
            <label className="checkbox">
              <input type="checkbox" name="transferOfOwnership" /> Vend par l’OP avec transfert de
              propriété (statuts, art. L631-24-3 II CRPM)
            </label>
            <button type="submit">Inscrire</button>
          </Form>
        </section>
      ) : (
        <section className="card">
          <h3>Nouvelle demande à une OP</h3>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="new-request" />
            <div className="field">
              <label htmlFor="opId">Organisation de producteurs</label>
              <select id="opId" name="opId" required>
                {data.ops.map((op) => (
                  <option key={op.id} value={op.id}>
                    {op.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="kind">Type de demande</label>
              <select id="kind" name="kind" required>
                {REQUEST_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {REQUEST_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="subject">Objet</label>
              <input id="subject" name="subject" maxLength={120} required />
            </div>
            <div className="field">
              <label htmlFor="body">Message</label>
              <textarea id="body" name="body" rows={4} maxLength={4000} />
            </div>
            <button type="submit">Envoyer la demande</button>
          </Form>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Membres de l’OP — Cabas' }];
