import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireContractParty } from '#app/auth/require-egalim.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import {
  ActionOutcome,
  ClauseIssues,
  EndOfLifeForms,
  TermsSections,
  VersionHistory,
} from '#app/components/negotiation.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { EGALIM_CATEGORY_LABELS } from '#app/domain/catalogue/egalim-categories.ts';
import { termsToForm } from '#app/domain/egalim/contract-form.ts';
import { contractStatusLabel } from '#app/domain/egalim/contract-status.ts';
import { describeTerms } from '#app/domain/egalim/contract-text.ts';
import { evaluatePrice } from '#app/domain/pricing/evaluate-price.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { getContract, getDeliveredVolume } from '#app/models/egalim-contract.server.ts';
import { listIndicators, loadIndicatorSeries } from '#app/models/egalim-indicator.server.ts';
import { type ContractActionData, handleContractAction } from './actions.server.ts';
import { TermsForm } from './terms-form.tsx';
import { VolumeChart } from './volume-chart.tsx';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireContractParty(request, params.slug);
  const detail = await getContract({
    organisationId: organisation.id,
    contractId: params.contractId,
  });
  if (!detail) {
    throw new Response(t('egalim.contract.notFound'), { status: 404 });
  }
  const { contract, side, terms } = detail;
  const today = parisDayOf(new Date());
  const negotiating = contract.status === 'proposed' || contract.status === 'counter_proposed';
  const ownSignature = side === 'producer' ? contract.producerSignedAt : contract.buyerSignedAt;
  const ended = contract.endOn !== null && contract.endOn < today;
  const formula = terms.price?.mode === 'formula' ? terms.price.formula : undefined;
  const preview = formula
    ? evaluatePrice({
        formula,
        indicators: await loadIndicatorSeries({
          ownerId: contract.producerId,
          codes: formula.terms.map((term) => term.indicator),
        }),
        conformation: terms.pricingConformation,
        on: today,
      })
    : null;
  const delivered = contract.status === 'signed' ? await getDeliveredVolume({ contract }) : [];
  let cumulative = 0;
  return json({
    base: `/o/${organisation.slug}/contrats`,
    contract: {
      id: contract.id,
      reference: contract.reference,
      title: contract.title,
      production: `${EGALIM_CATEGORY_LABELS[contract.egalimCategory as EgalimCategory]}${contract.isSiqo ? ' sous signe officiel de qualité' : ''}`,
      status: contractStatusLabel(contract, today),
      producerName: detail.producerName,
      buyerName: detail.buyerName,
      startOn: contract.startOn ? formatDay(contract.startOn) : null,
      endOn: contract.endOn ? formatDay(contract.endOn) : null,
      notice: contract.noticeGivenOn
        ? `Préavis de non-reconduction donné le ${formatDay(contract.noticeGivenOn)} par ${contract.noticeBy === 'buyer' ? 'l’acheteur' : 'le producteur'}.`
        : null,
      termination: contract.terminatedOn
        ? `Résiliation notifiée le ${formatDay(contract.terminatedOn)} : ${contract.terminationReason ?? ''}`
        : null,
      signatures: {
        producer: contract.producerSignedAt ? formatDateTime(contract.producerSignedAt) : null,
        buyer: contract.buyerSignedAt ? formatDateTime(contract.buyerSignedAt) : null,
      },
    },
    side,
    can: {
      editDraft: side === 'producer' && contract.status === 'draft',
      counter: side === 'buyer' && negotiating,
      repropose: side === 'producer' && contract.status === 'counter_proposed',
      sign: negotiating && ownSignature === null,
      notice: contract.status === 'signed' && !ended && contract.noticeGivenOn === null,
      terminate: contract.status === 'signed' && !ended && contract.terminatedOn === null,
    },
    issues: detail.issues.map((issue) => issue.message),
    sections: describeTerms(terms),
    terminationCases: terms.termination.map((entry) => entry.case),
    formValues: termsToForm(terms),
    indicators: (await listIndicators({ ownerId: contract.producerId })).map((indicator) => ({
      code: indicator.code,
      label: indicator.label,
      kind: indicator.kind,
      unit: indicator.unit,
    })),
    preview: preview
      ? preview.ok
        ? {
            ok: true as const,
            day: formatDay(today),
            trace: preview.trace.map((step) => step.text),
          }
        : { ok: false as const, message: preview.message }
      : null,
    versions: detail.versions.map((version) => ({
      number: version.number,
      label:
        version.number === 1
          ? 'Proposition écrite initiale du producteur (annexée au contrat)'
          : version.kind === 'proposal'
            ? 'Nouvelle proposition du producteur'
            : 'Contre-proposition motivée de l’acheteur',
      at: formatDateTime(version.createdAt),
      reason: version.reason,
    })),
    volume:
      contract.status === 'signed'
        ? {
            months: delivered.map((month) => {
              cumulative += month.quantityMilli / 1000;
              return { month: month.month, cumulative };
            }),
            unit: delivered[0]?.saleUnit ?? '',
            committed: terms.quantity?.total ?? null,
            committedUnit: terms.quantity?.unit ?? '',
          }
        : null,
  });
}

export async function action(args: ActionFunctionArgs) {
  return handleContractAction(args);
}

export default function ContractPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ContractActionData | undefined;
  const { contract, can } = data;
  return (
    <div>
      <p>
        <Link to={data.base}>← Tous les contrats</Link>
      </p>
      <h2>
        Contrat {contract.reference} — {contract.title}
      </h2>
      <dl className="card">
        <dt>Production</dt>
        <dd>{contract.production}</dd>
        <dt>Producteur</dt>
        <dd>{contract.producerName}</dd>
        <dt>Acheteur</dt>
        <dd>{contract.buyerName}</dd>
        <dt>État</dt>
        <dd>{contract.status}</dd>
        {contract.startOn ? (
          <>
            <dt>Période</dt>
            <dd>
              du {contract.startOn}
              {contract.endOn ? ` au ${contract.endOn}` : ', reconduit tacitement'}
            </dd>
          </>
        ) : null}
        <dt>Signatures</dt>
        <dd>
          Producteur : {contract.signatures.producer ?? 'non signé'} · Acheteur :{' '}
          {contract.signatures.buyer ?? 'non signé'}
        </dd>
      </dl>
      {contract.notice ? <p>{contract.notice}</p> : null}
      {contract.termination ? <p>{contract.termination}</p> : null}
      <p>
        <a href={`${data.base}/${contract.id}/contrat.pdf`} download>
          Télécharger le contrat (PDF, avec la proposition initiale en annexe)
        </a>
      </p>

      <ActionOutcome result={result} />

      <ClauseIssues
        issues={data.issues}
        complete="Toutes les clauses obligatoires sont présentes : le contrat peut être signé."
        articles="art. L631-24 III CRPM"
      />

      <TermsSections
        versions={data.versions.length}
        sections={data.sections}
        preview={data.preview}
        previewTitle="Prix de la formule au"
      />

      {data.volume ? (
        <section aria-labelledby="volume-title">
          <h3 id="volume-title">Volume livré et volume engagé</h3>
          <VolumeChart {...data.volume} />
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

      {can.editDraft || can.repropose ? (
        <section className="card" aria-labelledby="edit-title">
          <h3 id="edit-title">
            {can.editDraft
              ? 'Rédiger la proposition écrite'
              : 'Répondre par une nouvelle proposition'}
          </h3>
          <TermsForm
            values={data.formValues}
            errors={result?.fieldErrors}
            indicators={data.indicators}
            actions={
              can.editDraft
                ? [
                    { intent: 'save-draft', label: 'Enregistrer le brouillon' },
                    { intent: 'propose', label: 'Envoyer la proposition écrite' },
                  ]
                : [{ intent: 'propose', label: 'Envoyer la nouvelle proposition' }]
            }
          />
        </section>
      ) : null}

      {can.counter ? (
        <section className="card" aria-labelledby="counter-title">
          <h3 id="counter-title">Faire une contre-proposition</h3>
          <TermsForm
            values={data.formValues}
            errors={result?.fieldErrors}
            indicators={data.indicators}
            actions={[{ intent: 'counter', label: 'Envoyer la contre-proposition' }]}
          >
            <div className="field">
              <label htmlFor="counter-reason">Motif écrit (obligatoire, art. L631-24 II)</label>
              <textarea id="counter-reason" name="reason" rows={3} required minLength={3} />
            </div>
          </TermsForm>
        </section>
      ) : null}

      <EndOfLifeForms
        canNotice={can.notice}
        canTerminate={can.terminate}
        noticeHint="Le contrat prendra fin à l’échéance que votre préavis permet d’atteindre."
        cases={data.terminationCases}
        caseLabel="Cas de résiliation prévu au contrat"
        reasonLabel="Précisions"
      />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Contrat ${data.contract.reference} — Cabas` : 'Contrat — Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
