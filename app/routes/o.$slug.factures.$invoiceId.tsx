import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { DocumentRefunds } from '#app/components/payments.tsx';
import { parseQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import type { CreditNoteSelection } from '#app/domain/invoicing/build-credit-note.ts';
import { isCreditNote } from '#app/domain/invoicing/invoice-types.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  documentTitle,
  formatLineVat,
  formatQuantity,
  formatUnitPrice,
} from '#app/i18n/invoice-format.ts';
import { getInvoice, issueCreditNote } from '#app/models/invoice.server.ts';
import { findIssuingOp } from '#app/models/op-invoice-review.server.ts';
import { listDocumentRefunds, refundCreditNote } from '#app/models/payment-refund.server.ts';
import { refundLine } from '#app/models/payment-views.server.ts';
import { isUuid } from '#app/models/round.server.ts';
import { summarizeInvoice } from '#app/utils/invoice-views.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const REASON_MAX = 300;

const CreditNoteSchema = z.object({
  mode: z.enum(['full', 'lines']),
  reason: z
    .string({ error: t('invoice.creditNote.reasonRequired') })
    .trim()
    .min(1, t('invoice.creditNote.reasonRequired'))
    .max(REASON_MAX, t('invoice.creditNote.reasonTooLong', { max: REASON_MAX })),
});

async function requireInvoice(request: Request, params: { slug?: string; invoiceId?: string }) {
  const access = await requireRoundsManager(request, params.slug);
  const detail = isUuid(params.invoiceId)
    ? await getInvoice({ producerId: access.organisation.id, invoiceId: params.invoiceId })
    : null;
  if (!detail) {
    throw new Response('Facture introuvable', { status: 404 });
  }
  return { ...access, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, detail } = await requireInvoice(request, params);
  const { snapshot, invoice } = detail;
  const base = `/o/${organisation.slug}/factures/`;
  return json({
    invoice: summarizeInvoice(invoice),
    title: `${documentTitle(snapshot.typeCode)} ${snapshot.number}`,
    isCreditNote: isCreditNote(snapshot.typeCode),
    // Self-billed by the buyer (INV-07): the buyer issues its credit notes after a contest.
    isSelfBilled: snapshot.typeCode === '389',
    // Issued by the member's OP under its mandate (INV-07): answered on the OP invoice page.
    issuingOp: await findIssuingOp(invoice.id),
    slug: organisation.slug,
    isB2b: snapshot.buyerKind === 'b2b',
    deliveredOn: snapshot.deliveryDate ? formatDay(snapshot.deliveryDate) : null,
    buyer: snapshot.buyer.name,
    lines: snapshot.lines.map((line) => ({
      id: line.lineId,
      label: line.label,
      quantity: formatQuantity(line.quantityMilli, line.unitCode),
      unitPrice: formatUnitPrice(line),
      vat: formatLineVat(line.vat),
      net: formatCents(line.netAmountCents),
    })),
    notes: snapshot.notes.map((note) => note.text),
    links: {
      list: base,
      pdf: `${base}${invoice.id}/pdf`,
      xml: `${base}${invoice.id}/xml`,
      preceding: detail.precedingInvoice ? `${base}${detail.precedingInvoice.id}` : null,
    },
    precedingNumber: detail.precedingInvoice?.displayNumber ?? null,
    refunds: (await listDocumentRefunds(invoice.id)).map(refundLine),
    creditNotes: detail.creditNotes.map((note) => ({
      ...summarizeInvoice(note),
      href: `${base}${note.id}`,
    })),
  });
}

/** Selected lines and optional quantities (blank: what is left of the line). */
function parseSelection(
  formData: FormData,
): { ok: true; selection: CreditNoteSelection } | { ok: false; errors: string[] } {
  const lineIds = formData.getAll('line').map(String);
  if (lineIds.length === 0) {
    return { ok: false, errors: [t('invoice.creditNote.noLine')] };
  }
  const errors: string[] = [];
  const selection = lineIds.map((lineId) => {
    const text = String(formData.get(`quantity.${lineId}`) ?? '').trim();
    if (!text) {
      return { lineId };
    }
    const parsed = parseQuantityMilli(text);
    if (!parsed.ok || parsed.value <= 0) {
      errors.push(t('invoice.creditNote.quantityInvalid', { line: lineId }));
      return { lineId };
    }
    return { lineId, quantityMilli: parsed.value };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, selection };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, detail } = await requireInvoice(request, params);
  if (await findIssuingOp(detail.invoice.id)) {
    return json(
      {
        errors: [
          'Cette facture a été émise par votre OP sous votre mandat : contestez-la, l’OP émet l’avoir et la facture rectificative.',
        ],
      },
      { status: 409 },
    );
  }
  const formData = await request.formData();
  const parsed = CreditNoteSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return json({ errors: parsed.error.issues.map((issue) => issue.message) }, { status: 400 });
  }
  const selection = parsed.data.mode === 'full' ? null : parseSelection(formData);
  if (selection && !selection.ok) {
    return json({ errors: selection.errors }, { status: 400 });
  }
  const result = await issueCreditNote({
    invoiceId: detail.invoice.id,
    producerId: organisation.id,
    selection: selection ? selection.selection : 'full',
    reason: parsed.data.reason,
    actorId: user.id,
  });
  if (!result.ok) {
    return json({ errors: [result.message] }, { status: 400 });
  }
  // Payments (issue 5): a household that paid online gets the credit note's amount back.
  const refund = await refundCreditNote({ creditNoteId: result.creditNote.id, actorId: user.id });
  return redirectWithToast(`/o/${organisation.slug}/factures/${result.creditNote.id}`, {
    kind: 'success',
    message: [
      t('toast.creditNoteIssued', { number: result.creditNote.displayNumber }),
      refund.message,
    ]
      .filter(Boolean)
      .join(' '),
  });
}

export default function InvoicePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { invoice } = data;
  return (
    <div>
      <p>
        <Link to={data.links.list}>← Toutes les factures</Link>
      </p>
      <h2>{data.title}</h2>
      <p>
        {data.buyer} ({invoice.buyerKind}) · émise le {invoice.issued}
        {data.deliveredOn ? ` · livrée le ${data.deliveredOn}` : ''} · échéance {invoice.due}
      </p>
      {data.links.preceding ? (
        <p>
          Avoir sur la facture <Link to={data.links.preceding}>{data.precedingNumber}</Link>
        </p>
      ) : null}
      <p>
        <a href={data.links.pdf}>
          {data.isB2b ? 'Télécharger le PDF Factur-X' : 'Télécharger le PDF'}
        </a>{' '}
        · <a href={data.links.xml}>XML CII (EN 16931)</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Désignation</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire HT</th>
            <th scope="col">TVA</th>
            <th scope="col">Montant HT</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.id}</td>
              <td>{line.label}</td>
              <td>{line.quantity}</td>
              <td>{line.unitPrice}</td>
              <td>{line.vat}</td>
              <td>{line.net}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Total HT {invoice.net} · TVA {invoice.vat} · <strong>Total TTC {invoice.gross}</strong>
      </p>
      <ul className="muted">
        {data.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>

      {data.refunds.length > 0 ? <DocumentRefunds refunds={data.refunds} /> : null}
      {data.creditNotes.length > 0 ? (
        <section className="card" aria-labelledby="credit-notes-title">
          <h3 id="credit-notes-title">Avoirs émis sur cette facture</h3>
          <ul>
            {data.creditNotes.map((note) => (
              <li key={note.id}>
                <Link to={note.href}>{note.number}</Link> du {note.issued} : {note.gross} TTC
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.isSelfBilled ? (
        <section className="card" aria-labelledby="self-billed-title">
          <h3 id="self-billed-title">Facture d’autofacturation</h3>
          <p className="hint">
            Émise par l’acheteur en votre nom, sous votre mandat de facturation : c’est lui qui
            établit l’avoir. Pour la corriger, contestez-la dans le délai du mandat (lait :{' '}
            <Link to={`/o/${data.slug}/lait`}>onglet Lait</Link>).
          </p>
        </section>
      ) : null}
      {data.issuingOp ? (
        <section className="card" aria-labelledby="op-issued-title">
          <h3 id="op-issued-title">Émise par {data.issuingOp.opName} en votre nom</h3>
          <p className="hint">
            {data.isCreditNote
              ? 'Avoir établi par votre OP sous votre mandat de facturation, à la suite d’une contestation.'
              : 'Document établi par votre OP sous votre mandat de facturation : acceptez-le ou contestez-le dans le délai du mandat ; l’OP émet l’avoir et la facture rectificative.'}{' '}
            <Link to={`/o/${data.slug}/factures-op/${invoice.id}`}>
              {data.isCreditNote ? 'Voir le suivi' : 'Répondre à l’OP'}
            </Link>
          </p>
        </section>
      ) : null}
      {data.isCreditNote || data.isSelfBilled || data.issuingOp ? null : (
        <section className="card" aria-labelledby="credit-note-title">
          <h3 id="credit-note-title">Établir un avoir</h3>
          <p className="hint">
            Une facture émise ne se modifie pas : l’avoir la corrige, avec son propre numéro, et la
            référence.
          </p>
          <Form method="post" className="stack">
            <FormErrors id="credit-note-errors" errors={actionData?.errors} />
            <fieldset>
              <legend>Montant de l’avoir</legend>
              <label>
                <input type="radio" name="mode" value="full" defaultChecked /> Toute la facture (ce
                qui n’a pas déjà été crédité)
              </label>
              <label>
                <input type="radio" name="mode" value="lines" /> Les lignes cochées ci-dessous
              </label>
            </fieldset>
            <table>
              <thead>
                <tr>
                  <th scope="col">Créditer</th>
                  <th scope="col">Désignation</th>
                  <th scope="col">Facturé</th>
                  <th scope="col">Quantité à créditer</th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((line) => (
                  <tr key={line.id}>
                    <td>
                      <input
                        type="checkbox"
                        name="line"
                        value={line.id}
                        aria-label={`Créditer la ligne ${line.id} : ${line.label}`}
                      />
                    </td>
                    <td>{line.label}</td>
                    <td>{line.quantity}</td>
                    <td>
                      <input
                        name={`quantity.${line.id}`}
                        inputMode="decimal"
                        size={6}
                        placeholder="tout"
                        aria-label={`Quantité à créditer, ligne ${line.id} : ${line.label}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="field">
              <label htmlFor="credit-note-reason">Motif (imprimé sur l’avoir)</label>
              <input id="credit-note-reason" name="reason" maxLength={REASON_MAX} required />
            </div>
            <button type="submit">Émettre l’avoir</button>
          </Form>
        </section>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
