import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { notFound, requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import {
  ActionOutcome,
  ClauseIssues,
  EndOfLifeForms,
  TermsSections,
  VersionHistory,
} from '#app/components/negotiation.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORY_LABELS,
  type EgalimCategory,
} from '#app/domain/catalogue/egalim-categories.ts';
import { agreementTermsToForm } from '#app/domain/op/agreement-form.ts';
import { agreementEndText, agreementStateOn } from '#app/domain/op/agreement-life.ts';
import { priceDelivery } from '#app/domain/op/delivery-price.ts';
import { agreementStatusLabel, describeFrameworkTerms } from '#app/domain/op/framework-terms.ts';
import { formatQuantity } from '#app/domain/op/quantities.ts';
import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { listIndicators, loadIndicatorSeries } from '#app/models/egalim-indicator.server.ts';
import { getAgreement } from '#app/models/framework-agreement.server.ts';
import { getAgreementSplit } from '#app/models/framework-agreement-split.server.ts';
import { TermsForm } from '#app/routes/o.$slug.contrats.$contractId/terms-form.tsx';
import { type AgreementActionData, handleAgreementAction } from './actions.server.ts';
import { AgreementFields } from './agreement-fields.tsx';
import { SplitSection, type SplitView } from './split-section.tsx';

const GAP_LABELS = {
  under: 'sous la part',
  within: 'dans la tolérance',
  over: 'au-delà de la part',
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const detail = await getAgreement({
    organisationId: organisation.id,
    agreementId: params.agreementId,
  });
  if (!detail) {
    notFound('Accord-cadre introuvable.');
  }
  const { agreement, side, terms } = detail;
  const today = parisDayOf(new Date());
  const negotiating = agreement.status === 'proposed' || agreement.status === 'counter_proposed';
  const ownSignature = side === 'op' ? agreement.opSignedAt : agreement.buyerSignedAt;
  const state = agreementStateOn(agreement, today);
  const running = state === 'active' || state === 'upcoming' || state === 'notice_given';
  const codes =
    terms.price?.mode === 'formula'
      ? (terms.price.formula?.terms ?? []).map((x) => x.indicator)
      : [];
  const preview = terms.price
    ? priceDelivery({
        agreementReference: agreement.reference,
        terms,
        deliveredOn: today,
        indicators: await loadIndicatorSeries({ ownerId: agreement.opId, codes }),
      })
    : null;
  const split = await getAgreementSplit({
    organisationId: organisation.id,
    agreementId: agreement.id,
    on: today,
  });
  const unit = split?.unit;
  const saved = new Map(split?.saved.map((row) => [row.memberId, row.quantityMilli]));
  const splitView: SplitView | null = split
    ? {
        total: split.totalMilli === null ? null : formatQuantity(split.totalMilli, unit),
        period: split.period
          ? `du ${formatDay(split.period.start)} au ${formatDay(split.period.end)}`
          : null,
        tolerance: `${formatDecimalFr(split.toleranceBp / 100)} %`,
        rows: split.proposed.map((row) => ({
          memberId: row.memberId,
          member: `${row.memberNumber} — ${row.producerName}`,
          reference: formatQuantity(row.referenceMilli, unit),
          proposed: formatQuantity(row.quantityMilli, unit),
          saved: saved.has(row.memberId) ? formatQuantity(saved.get(row.memberId)!, unit) : null,
          value: formatQuantity(saved.get(row.memberId) ?? row.quantityMilli, undefined),
        })),
        gaps: split.gaps.map((gap) => ({
          member: `${gap.memberNumber} — ${gap.producerName}`,
          split: formatQuantity(gap.splitMilli, unit),
          delivered: formatQuantity(gap.deliveredMilli, unit),
          gap: `${gap.gapMilli > 0 ? '+' : gap.gapMilli < 0 ? '−' : ''}${formatQuantity(Math.abs(gap.gapMilli), unit)}`,
          share: gap.deliveredBp === null ? '—' : `${formatDecimalFr(gap.deliveredBp / 100)} %`,
          status: GAP_LABELS[gap.status],
        })),
      }
    : null;
  return json({
    base: `/o/${organisation.slug}/accords-cadres`,
    agreement: {
      id: agreement.id,
      reference: agreement.reference,
      title: agreement.title,
      production: EGALIM_CATEGORY_LABELS[agreement.egalimCategory as EgalimCategory],
      status: agreementStatusLabel(agreement, today),
      opName: detail.opName,
      buyerName: detail.buyerName,
      period: agreement.startOn
        ? `du ${formatDay(agreement.startOn)}${agreement.endOn ? ` au ${formatDay(agreement.endOn)}` : ', reconduit tacitement'}`
        : null,
      end: agreement.status === 'signed' ? agreementEndText(agreement) : null,
      signatures: {
        op: agreement.opSignedAt ? formatDateTime(agreement.opSignedAt) : null,
        buyer: agreement.buyerSignedAt ? formatDateTime(agreement.buyerSignedAt) : null,
      },
    },
    side,
    can: {
      editDraft: side === 'op' && agreement.status === 'draft',
      repropose: side === 'op' && agreement.status === 'counter_proposed',
      counter: side === 'buyer' && negotiating,
      sign: negotiating && ownSignature === null,
      notice: running && agreement.noticeGivenOn === null && agreement.terminatedOn === null,
      terminate: running && agreement.terminatedOn === null && terms.termination.length > 0,
    },
    terminationCases: terms.termination.map((entry) =>
      entry.noticeMonths ? `${entry.case} (préavis de ${entry.noticeMonths} mois)` : entry.case,
    ),
    issues: detail.issues.map((issue) => issue.message),
    sections: describeFrameworkTerms(terms),
    formValues: agreementTermsToForm(terms),
    indicators: (await listIndicators({ ownerId: agreement.opId })).map((i) => ({
      code: i.code,
      label: i.label,
      kind: i.kind,
      unit: i.unit,
    })),
    preview: preview
      ? preview.ok
        ? { ok: true as const, day: formatDay(today), trace: preview.trace.map((s) => s.text) }
        : { ok: false as const, message: preview.message }
      : null,
    versions: detail.versions.map((version) => ({
      number: version.number,
      label:
        version.number === 1
          ? 'Proposition écrite initiale de l’OP (annexée à l’accord)'
          : version.kind === 'proposal'
            ? 'Nouvelle proposition de l’OP'
            : 'Contre-proposition motivée de l’acheteur',
      at: formatDateTime(version.createdAt),
      reason: version.reason,
    })),
    split: splitView,
  });
}

export async function action(args: ActionFunctionArgs) {
  return handleAgreementAction(args);
}

export default function AgreementPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AgreementActionData | undefined;
  const { agreement, can } = data;
  const form = (intents: { intent: string; label: string }[], reason = false) => (
    <TermsForm
      values={data.formValues}
      errors={result?.fieldErrors}
      indicators={data.indicators}
      actions={intents}
    >
      <AgreementFields values={data.formValues} errors={result?.fieldErrors} />
      {reason ? (
        <div className="field">
          <label htmlFor="counter-reason">Motif écrit (obligatoire, art. L631-24 II)</label>
          <textarea id="counter-reason" name="reason" rows={3} required minLength={3} />
        </div>
      ) : null}
    </TermsForm>
  );
  return (
    <div>
      <p>
        <Link to={data.base}>← Tous les accords-cadres</Link>
      </p>
      <h2>
        Accord-cadre {agreement.reference} — {agreement.title}
      </h2>
      <dl className="card">
        <dt>Production</dt>
        <dd>{agreement.production}</dd>
        <dt>Organisation de producteurs</dt>
        <dd>{agreement.opName}</dd>
        <dt>Acheteur</dt>
        <dd>{agreement.buyerName}</dd>
        <dt>État</dt>
        <dd>{agreement.status}</dd>
        {agreement.period ? (
          <>
            <dt>Période</dt>
            <dd>{agreement.period}</dd>
          </>
        ) : null}
        {agreement.end ? (
          <>
            <dt>Fin</dt>
            <dd>{agreement.end}</dd>
          </>
        ) : null}
        <dt>Signatures</dt>
        <dd>
          OP : {agreement.signatures.op ?? 'non signé'} · Acheteur :{' '}
          {agreement.signatures.buyer ?? 'non signé'}
        </dd>
      </dl>
      <p>
        <a href={`${data.base}/${agreement.id}/accord.pdf`} download>
          Télécharger l’accord-cadre (PDF, avec la proposition initiale de l’OP en annexe)
        </a>
      </p>
      <ActionOutcome result={result} />
      <ClauseIssues
        issues={data.issues}
        complete="Toutes les clauses obligatoires sont présentes : l’accord-cadre peut être signé."
        articles="art. L631-24 III et IV CRPM"
      />
      <TermsSections
        versions={data.versions.length}
        sections={data.sections}
        preview={data.preview}
        previewTitle="Prix des livraisons au"
      />
      {data.split ? (
        <section aria-labelledby="split-title">
          <h3 id="split-title">Répartition entre les membres</h3>
          <SplitSection split={data.split} canEdit={data.side === 'op'} />
        </section>
      ) : null}
      <VersionHistory versions={data.versions} />
      {can.sign ? (
        <Form method="post">
          <button type="submit" name="intent" value="sign">
            Signer la version en cours
          </button>
        </Form>
      ) : null}
      <EndOfLifeForms
        canNotice={can.notice}
        canTerminate={can.terminate}
        noticeHint="L’accord-cadre prendra fin à l’échéance que votre préavis permet d’atteindre (art. L631-24 VI CRPM : jamais moins de 3 mois pour l’acheteur)."
        cases={data.terminationCases}
        caseLabel="Cas de résiliation prévu à l’accord-cadre"
        reasonLabel="Motif (les faits qui justifient la résiliation)"
        reasonRequired
      />
      {can.editDraft || can.repropose ? (
        <section className="card" aria-labelledby="edit-title">
          <h3 id="edit-title">
            {can.editDraft
              ? 'Rédiger la proposition écrite de l’OP'
              : 'Répondre par une nouvelle proposition'}
          </h3>
          {form(
            can.editDraft
              ? [
                  { intent: 'save-draft', label: 'Enregistrer le brouillon' },
                  { intent: 'propose', label: 'Envoyer la proposition écrite' },
                ]
              : [{ intent: 'propose', label: 'Envoyer la nouvelle proposition' }],
          )}
        </section>
      ) : null}
      {can.counter ? (
        <section className="card" aria-labelledby="counter-title">
          <h3 id="counter-title">Faire une contre-proposition</h3>
          {form([{ intent: 'counter', label: 'Envoyer la contre-proposition' }], true)}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Accord-cadre ${data.agreement.reference} — Cabas` : 'Accord-cadre — Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
