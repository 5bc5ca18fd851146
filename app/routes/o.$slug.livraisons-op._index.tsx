import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireOpManager } from '#app/auth/require-op.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  parsePercentBasisPoints,
  parseQuantityMilli,
} from '#app/domain/catalogue/french-number.ts';
import { REVIEW_STATE_LABELS } from '#app/domain/op/invoice-review.ts';
import { formatQuantity } from '#app/domain/op/quantities.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { formatUnitPrice } from '#app/i18n/invoice-format.ts';
import { listAgreementsInForce } from '#app/models/framework-agreement.server.ts';
import {
  deleteOpDelivery,
  listOpDeliveries,
  recordOpDelivery,
} from '#app/models/op-delivery.server.ts';
import { listOpInvoiceReviews } from '#app/models/op-invoice-review.server.ts';
import { issueMemberInvoices, monthRange } from '#app/models/op-invoicing.server.ts';
import { listMembersOn } from '#app/models/op-member.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const DeliverySchema = z.object({
  memberId: z.string().uuid('Choisissez le membre.'),
  agreementId: z.string().uuid('Choisissez l’accord-cadre (et donc l’acheteur).'),
  deliveredOn: z.string().trim(),
  productLabel: z.string().trim().min(1, 'Désignation du produit attendue.').max(120),
  quantity: z.string(),
  vatRate: z.string().default('5,5'),
  manualPrice: z.string().trim().default(''),
  manualReason: z.string().trim().default(''),
});

function monthOf(url: URL, today: string): string {
  const month = url.searchParams.get('mois') ?? '';
  return monthRange(month) ? month : today.slice(0, 7);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpManager(request, params.slug);
  const today = parisDayOf(new Date());
  const month = monthOf(new URL(request.url), today);
  const range = monthRange(month)!;
  const deliveries = await listOpDeliveries({ opId: organisation.id, ...range });
  const buyers = new Map(deliveries.map((d) => [d.buyerId, d.buyerName]));
  return json({
    base: `/o/${organisation.slug}/livraisons-op`,
    slug: organisation.slug,
    month,
    today,
    // A periodic invoice is issued by the end of the month of its deliveries (CGI 289 I-3).
    issueDay: range.to < today ? range.to : today,
    members: (await listMembersOn({ opId: organisation.id, on: today })).map((m) => ({
      id: m.id,
      label: `${m.memberNumber} — ${m.producerName}`,
    })),
    agreements: (await listAgreementsInForce({ opId: organisation.id, on: range.to })).map((a) => ({
      id: a.id,
      label: `${a.buyerName} — ${a.reference} (${a.title})`,
      buyerId: a.buyerId,
      buyerName: a.buyerName,
    })),
    buyersToInvoice: [
      ...new Map(
        deliveries.filter((d) => !d.invoiceId).map((d) => [d.buyerId, buyers.get(d.buyerId)!]),
      ),
    ].map(([id, name]) => ({ id, name })),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      day: formatDay(d.deliveredOn),
      member: `${d.memberNumber} — ${d.producerName}`,
      buyer: d.buyerName,
      product: d.productLabel,
      quantity: formatQuantity(d.quantityMilli, d.unitCode),
      price: formatUnitPrice(d),
      agreement: d.agreementReference,
      trace: (d.priceTrace as { text?: string }[]).map((step) => step.text ?? '').filter(Boolean),
      invoice: d.invoiceNumber,
      corrected: d.correction
        ? d.correction.invoiceNumber
          ? `corrigée : ${formatQuantity(d.correction.quantityMilli, d.unitCode)}, facture ${d.correction.invoiceNumber}`
          : 'retirée par avoir'
        : null,
    })),
    invoices: (await listOpInvoiceReviews({ scope: { opId: organisation.id }, today })).map(
      (i) => ({
        id: i.invoiceId,
        number: i.number,
        member: i.memberName,
        buyer: i.buyerName,
        issuedOn: formatDay(i.issuedOn),
        total: formatCents(i.grossCents),
        mandate: i.mandateReference,
        state: i.review ? REVIEW_STATE_LABELS[i.review.state] : 'Avoir',
      }),
    ),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOpManager(request, params.slug);
  const form = await request.formData();
  const intent = form.get('intent');
  const url = new URL(request.url);
  const back = `/o/${organisation.slug}/livraisons-op${url.search}`;
  if (intent === 'record') {
    const parsed = DeliverySchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return json(
        { errors: parsed.error.issues.map((i) => i.message), problems: [] },
        { status: 400 },
      );
    }
    const quantity = parseQuantityMilli(parsed.data.quantity);
    const vat = parsePercentBasisPoints(parsed.data.vatRate);
    if (!quantity.ok || !vat.ok) {
      const errors = [
        ...(quantity.ok ? [] : [`Quantité : ${quantity.message}`]),
        ...(vat.ok ? [] : [`Taux de TVA : ${vat.message}`]),
      ];
      return json({ errors, problems: [] }, { status: 400 });
    }
    const recorded = await recordOpDelivery({
      opId: organisation.id,
      memberId: parsed.data.memberId,
      agreementId: parsed.data.agreementId,
      deliveredOn: parsed.data.deliveredOn,
      productLabel: parsed.data.productLabel,
      quantityMilli: quantity.value,
      vatRateBp: vat.value,
      ...(parsed.data.manualPrice
        ? { manual: { priceText: parsed.data.manualPrice, reason: parsed.data.manualReason } }
        : {}),
      actorId: user.id,
    });
    if (!recorded.ok) {
      return json({ errors: [recorded.message], problems: [] }, { status: 400 });
    }
    return redirectWithToast(
      `/o/${organisation.slug}/livraisons-op?mois=${parsed.data.deliveredOn.slice(0, 7)}`,
      {
        kind: 'success',
        message: t('toast.opDeliveryRecorded', {
          price: formatUnitPrice(recorded),
        }),
      },
    );
  }
  if (intent === 'delete') {
    const deleted = await deleteOpDelivery({
      opId: organisation.id,
      deliveryId: String(form.get('deliveryId') ?? ''),
      actorId: user.id,
    });
    if (!deleted.ok) {
      return json({ errors: [deleted.message], problems: [] }, { status: 409 });
    }
    return redirectWithToast(back, { kind: 'success', message: t('toast.opDeliveryDeleted') });
  }
  if (intent === 'issue') {
    const issued = await issueMemberInvoices({
      opId: organisation.id,
      buyerIds: form.getAll('buyerIds').map(String),
      month: String(form.get('month') ?? ''),
      issueDate: String(form.get('issueDate') ?? '') || parisDayOf(new Date()),
      actorId: user.id,
    });
    if (!issued.ok) {
      return json({ errors: [issued.message], problems: issued.problems }, { status: 409 });
    }
    return redirectWithToast(back, { kind: 'success', message: issued.message });
  }
  return json({ errors: ['Action inconnue.'], problems: [] }, { status: 400 });
}

export default function OpDeliveries() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Livraisons des membres et factures émises en leur nom</h2>
      <p className="muted">
        L’OP enregistre ce que chaque membre livre à chaque acheteur, au prix de l’accord-cadre du
        jour de livraison, puis émet les factures au nom et pour le compte des membres, sous leur
        mandat de facturation (art. L631-24 V CRPM, CGI art. 289 I-2).
      </p>
      <Form method="get" className="row">
        <label htmlFor="mois">Mois</label>
        <input id="mois" name="mois" type="month" defaultValue={data.month} />
        <button type="submit" className="secondary">
          Afficher
        </button>
      </Form>
      <FormErrors
        id="deliveries-errors"
        errors={result ? [...result.errors, ...result.problems] : undefined}
      />
      <h3>Livraisons de {data.month}</h3>
      {data.deliveries.length === 0 ? (
        <p>Aucune livraison enregistrée ce mois-ci.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Jour</th>
              <th scope="col">Membre</th>
              <th scope="col">Acheteur</th>
              <th scope="col">Produit</th>
              <th scope="col">Quantité</th>
              <th scope="col">Prix HT</th>
              <th scope="col">Accord</th>
              <th scope="col">Facture</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.day}</td>
                <td>{d.member}</td>
                <td>{d.buyer}</td>
                <td>{d.product}</td>
                <td>{d.quantity}</td>
                <td>
                  <details>
                    <summary>{d.price}</summary>
                    <ol className="price-trace">
                      {d.trace.map((step) => (
                        <li key={step}>{step}</li>
                      ))}
                    </ol>
                  </details>
                </td>
                <td>{d.agreement}</td>
                <td>
                  {d.invoice ? (
                    <>
                      {d.invoice}
                      {d.corrected ? <span className="muted"> ({d.corrected})</span> : null}
                    </>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="deliveryId" value={d.id} />
                      <button type="submit" name="intent" value="delete" className="secondary">
                        Supprimer
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.buyersToInvoice.length > 0 ? (
        <section className="card">
          <h3>Émettre les factures du mois au nom des membres</h3>
          <Form method="post" className="stack">
            <input type="hidden" name="month" value={data.month} />
            <fieldset>
              <legend>Acheteurs à facturer</legend>
              {data.buyersToInvoice.map((buyer) => (
                <label key={buyer.id} className="checkbox">
                  <input type="checkbox" name="buyerIds" value={buyer.id} defaultChecked />{' '}
                  {buyer.name}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="issueDate">Date des factures</label>
              <input
                id="issueDate"
                name="issueDate"
                type="date"
                defaultValue={data.issueDay}
                required
              />
            </div>
            <button type="submit" name="intent" value="issue">
              Émettre les factures
            </button>
          </Form>
        </section>
      ) : null}
      <section className="card">
        <h3>Enregistrer une livraison</h3>
        <Form method="post" className="stack">
          <div className="field">
            <label htmlFor="memberId">Membre</label>
            <select id="memberId" name="memberId" required>
              {data.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="agreementId">Acheteur et accord-cadre</label>
            <select id="agreementId" name="agreementId" required>
              {data.agreements.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="deliveredOn">Jour de livraison</label>
            <input
              id="deliveredOn"
              name="deliveredOn"
              type="date"
              defaultValue={data.today}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="productLabel">Produit</label>
            <input
              id="productLabel"
              name="productLabel"
              defaultValue="Lait cru de vache"
              maxLength={120}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="quantity">Quantité (dans l’unité de l’accord)</label>
            <input id="quantity" name="quantity" inputMode="decimal" required />
          </div>
          <div className="field">
            <label htmlFor="vatRate">Taux de TVA (%) pour un membre assujetti</label>
            <input id="vatRate" name="vatRate" defaultValue="5,5" inputMode="decimal" />
          </div>
          <details>
            <summary>Prix fixé par l’OP au lieu de la formule (motivé)</summary>
            <div className="field">
              <label htmlFor="manualPrice">
                Prix HT (pour la quantité de référence de l’accord)
              </label>
              <input id="manualPrice" name="manualPrice" inputMode="decimal" />
            </div>
            <div className="field">
              <label htmlFor="manualReason">Motif</label>
              <input id="manualReason" name="manualReason" maxLength={300} />
            </div>
          </details>
          <button type="submit" name="intent" value="record">
            Enregistrer la livraison
          </button>
        </Form>
      </section>
      <h3>Factures émises au nom des membres</h3>
      {data.invoices.length === 0 ? (
        <p>Aucune facture émise.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Membre (vendeur)</th>
              <th scope="col">Acheteur</th>
              <th scope="col">Date</th>
              <th scope="col">Total TTC</th>
              <th scope="col">Mandat</th>
              <th scope="col">Réponse du membre</th>
            </tr>
          </thead>
          <tbody>
            {data.invoices.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`${data.base}/factures/${i.id}.pdf`} download>
                    {i.number}
                  </a>
                </td>
                <td>{i.member}</td>
                <td>{i.buyer}</td>
                <td>{i.issuedOn}</td>
                <td>{i.total}</td>
                <td>{i.mandate}</td>
                <td>
                  <Link to={`/o/${data.slug}/factures-op/${i.id}`}>{i.state}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Livraisons et factures de l’OP — Cabas' }];
