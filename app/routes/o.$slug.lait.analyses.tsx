import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireMilkDairy } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { ImportErrorReport } from '#app/components/import-report.tsx';
import { MilkMonthPicker, MilkProducerSelect } from '#app/components/milk-month-picker.tsx';
import { AnalysesTable } from '#app/components/milk-tables.tsx';
import { formatFreezingPoint, type MilkAnalysis } from '#app/domain/milk/records.ts';
import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { listMilkAnalyses } from '#app/models/milk-record.server.ts';
import {
  ANALYSIS_PAGE,
  handleMilkRecordAction,
  type MilkRecordActionResult,
} from '#app/models/milk-record-actions.server.ts';
import { analysisRow, loadDairyRecordPage } from '#app/models/milk-views.server.ts';

/** The values of a stored sample as the entry form writes them, to correct it. */
function formValues(analysis: MilkAnalysis): Record<string, string> {
  const grams = (mg: number | null) => (mg === null ? '' : formatDecimalFr(mg / 1000, 1));
  const count = (value: number | null) => (value === null ? '' : String(value));
  return {
    date: analysis.sampledOn,
    sample: analysis.sampleRef,
    fat: grams(analysis.fatMgPerL),
    protein: grams(analysis.proteinMgPerL),
    germs: count(analysis.germsPerMl),
    cells: count(analysis.cellsPerMl),
    freezingPoint:
      analysis.freezingPointMilliC === null
        ? ''
        : formatFreezingPoint(analysis.freezingPointMilliC).replace('\u2212', '-'),
    antibiotics: analysis.antibiotics ?? '',
    spores: count(analysis.butyricSporesPerL),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkDairy(request, params.slug);
  const {
    records: analyses,
    names,
    isInvoiced,
    page,
  } = await loadDairyRecordPage(request, organisation.id, listMilkAnalyses);
  return json({
    ...page,
    rows: analyses.map(analysisRow),
    details: analyses.map((a) => ({
      id: a.id,
      producerId: a.producerId,
      producer: names.get(a.producerId) ?? '',
      isInvoiced: isInvoiced(a.producerId),
      values: formValues(a),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMilkDairy(request, params.slug);
  return handleMilkRecordAction({
    request,
    dairy: organisation,
    actorId: user.id,
    page: ANALYSIS_PAGE,
  });
}

function AnalysisFields({
  prefix,
  values,
  today,
}: {
  prefix: string;
  values?: Record<string, string>;
  today: string;
}) {
  const field = (
    name: string,
    label: string,
    extra: { inputMode?: 'decimal' | 'numeric'; type?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={`${name}-${prefix}`}>{label}</label>
      <input
        id={`${name}-${prefix}`}
        name={name}
        defaultValue={values?.[name] ?? ''}
        {...extra}
        {...(extra.type === 'date' ? { max: today, required: true } : {})}
      />
    </div>
  );
  return (
    <>
      {field('date', 'Date de prélèvement', { type: 'date' })}
      {field('sample', 'N° d’échantillon (facultatif)')}
      {field('fat', 'Matière grasse (g/L)', { inputMode: 'decimal' })}
      {field('protein', 'Matière protéique (g/L)', { inputMode: 'decimal' })}
      {field('germs', 'Germes à 30 °C (/mL)', { inputMode: 'numeric' })}
      {field('cells', 'Cellules somatiques (/mL)', { inputMode: 'numeric' })}
      {field('freezingPoint', 'Point de congélation (°C)', { inputMode: 'decimal' })}
      <div className="field">
        <label htmlFor={`antibiotics-${prefix}`}>Antibiotiques</label>
        <select
          id={`antibiotics-${prefix}`}
          name="antibiotics"
          defaultValue={values?.antibiotics ?? ''}
        >
          <option value="">non recherchés</option>
          <option value="negative">négatif</option>
          <option value="positive">positif</option>
        </select>
      </div>
      {field('spores', 'Spores butyriques (/L)', { inputMode: 'numeric' })}
    </>
  );
}

export default function MilkAnalyses() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as MilkRecordActionResult | undefined;
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : undefined);
  const details = new Map(data.details.map((d) => [d.id, d]));
  return (
    <div>
      <h2>Analyses de {data.monthLabel}</h2>
      <MilkMonthPicker month={data.month} producerId={data.producerId} suppliers={data.suppliers} />

      <section className="card" aria-labelledby="import-title">
        <h3 id="import-title">Importer les résultats du laboratoire (CSV)</h3>
        <p className="muted">
          Colonnes <code>producteur;date</code>, au besoin <code>échantillon</code>, puis les
          résultats : <code>MG</code> (ou TB), <code>MP</code> (ou TP) en g/L, <code>germes</code>,{' '}
          <code>cellules</code> (par mL, ou « (x1000/mL) » dans le titre),{' '}
          <code>point de congélation</code>, <code>antibiotiques</code>,{' '}
          <code>spores butyriques</code>. Les autres colonnes sont ignorées. Tout ou rien.
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <FormErrors id="import-errors" errors={errorsFor('import')} />
          {result?.intent === 'import' && result.importErrors ? (
            <ImportErrorReport errors={result.importErrors} title="Fichier d’analyses refusé" />
          ) : null}
          <div className="field">
            <label htmlFor="analyses-file">Fichier CSV du laboratoire</label>
            <input
              id="analyses-file"
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              required
            />
          </div>
          <button type="submit" name="intent" value="import">
            Importer les analyses
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="add-title">
        <h3 id="add-title">Saisir une analyse</h3>
        <Form method="post" className="stack">
          <FormErrors id="add-errors" errors={errorsFor('add')} />
          <MilkProducerSelect suppliers={data.suppliers} defaultValue={data.producerId} />
          <AnalysisFields prefix="new" today={data.today} />
          <button type="submit" name="intent" value="add">
            Enregistrer l’analyse
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="list-title">
        <h3 id="list-title">Analyses enregistrées</h3>
        <FormErrors id="correct-errors" errors={errorsFor('correct') ?? errorsFor('delete')} />
        <AnalysesTable
          rows={data.rows}
          producerOf={(id) => details.get(id)?.producer ?? ''}
          actions={(id) => {
            const detail = details.get(id);
            if (!detail || detail.isInvoiced) {
              return <span className="muted">mois facturé</span>;
            }
            return (
              <details>
                <summary>Corriger</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="id" value={id} />
                  <input type="hidden" name="producerId" value={detail.producerId} />
                  <AnalysisFields prefix={id} values={detail.values} today={data.today} />
                  <button type="submit" name="intent" value="correct">
                    Enregistrer la correction
                  </button>
                  <button type="submit" name="intent" value="delete" className="secondary">
                    Supprimer l’analyse
                  </button>
                </Form>
              </details>
            );
          }}
        />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Analyses du lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
