import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireMilkDairy } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { ImportErrorReport } from '#app/components/import-report.tsx';
import { MilkMonthPicker, MilkProducerSelect } from '#app/components/milk-month-picker.tsx';
import { shortDayLabel } from '#app/domain/milk/month.ts';
import { formatLitres } from '#app/domain/milk/records.ts';
import { listMilkCollections } from '#app/models/milk-record.server.ts';
import {
  COLLECTION_PAGE,
  handleMilkRecordAction,
  type MilkRecordActionResult,
} from '#app/models/milk-record-actions.server.ts';
import { loadDairyRecordPage } from '#app/models/milk-views.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkDairy(request, params.slug);
  const {
    records: collections,
    suppliers,
    names,
    isInvoiced,
    page,
  } = await loadDairyRecordPage(request, organisation.id, listMilkCollections);
  const totals = suppliers
    .map((s) => {
      const own = collections.filter((c) => c.producerId === s.producerId);
      return {
        name: names.get(s.producerId) ?? '',
        litres: own.reduce((sum, c) => sum + c.litres, 0),
        count: own.length,
      };
    })
    .filter((t) => t.count > 0);
  return json({
    ...page,
    collections: collections.map((c) => ({
      id: c.id,
      producerId: c.producerId,
      producer: names.get(c.producerId) ?? '',
      day: c.collectedOn,
      dayLabel: shortDayLabel(c.collectedOn),
      tour: c.tour,
      tank: c.tank,
      litres: c.litres,
      source: c.source === 'csv' ? 'import' : 'saisie',
      isInvoiced: isInvoiced(c.producerId),
    })),
    totals: totals.map((t) => ({ ...t, litres: formatLitres(t.litres) })),
    total: formatLitres(collections.reduce((sum, c) => sum + c.litres, 0)),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMilkDairy(request, params.slug);
  return handleMilkRecordAction({
    request,
    dairy: organisation,
    actorId: user.id,
    page: COLLECTION_PAGE,
  });
}

export default function MilkCollections() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as MilkRecordActionResult | undefined;
  const navigation = useNavigation();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : undefined);
  return (
    <div>
      <h2>Collectes de {data.monthLabel}</h2>
      <MilkMonthPicker month={data.month} producerId={data.producerId} suppliers={data.suppliers} />
      <p>
        Total du mois : <strong>{data.total}</strong>
        {data.totals.map((t) => (
          <span key={t.name} className="muted">
            {' '}
            · {t.name} : {t.litres} ({t.count})
          </span>
        ))}
      </p>

      <section className="card" aria-labelledby="import-title">
        <h3 id="import-title">Importer un export de collecte (CSV)</h3>
        <p className="muted">
          Colonnes <code>producteur;date;litres</code>, et au besoin <code>tournée</code> et{' '}
          <code>cuve</code> (producteur : numéro de fournisseur ou SIRET). Séparateur « ; », virgule
          décimale, UTF-8 ou Windows-1252. Tout ou rien ; une collecte déjà enregistrée (même jour,
          tournée et cuve) est corrigée.
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <FormErrors id="import-errors" errors={errorsFor('import')} />
          {result?.intent === 'import' && result.importErrors ? (
            <ImportErrorReport errors={result.importErrors} title="Fichier de collectes refusé" />
          ) : null}
          <div className="field">
            <label htmlFor="collections-file">Fichier CSV des collectes</label>
            <input
              id="collections-file"
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              required
            />
          </div>
          <button
            type="submit"
            name="intent"
            value="import"
            disabled={navigation.state === 'submitting'}
          >
            Importer les collectes
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="add-title">
        <h3 id="add-title">Saisir une collecte</h3>
        <Form method="post" className="stack">
          <FormErrors id="add-errors" errors={errorsFor('add')} />
          <MilkProducerSelect suppliers={data.suppliers} defaultValue={data.producerId} />
          <div className="field">
            <label htmlFor="date">Date de collecte</label>
            <input id="date" name="date" type="date" required max={data.today} />
          </div>
          <div className="field">
            <label htmlFor="tour">Tournée (facultatif)</label>
            <input id="tour" name="tour" maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="tank">Cuve (facultatif)</label>
            <input id="tank" name="tank" maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="litres">Litres</label>
            <input id="litres" name="litres" inputMode="numeric" required />
          </div>
          <button type="submit" name="intent" value="add">
            Enregistrer la collecte
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="list-title">
        <h3 id="list-title">Collectes enregistrées</h3>
        <FormErrors id="correct-errors" errors={errorsFor('correct') ?? errorsFor('delete')} />
        {data.collections.length === 0 ? (
          <p className="muted">Aucune collecte en {data.monthLabel}.</p>
        ) : (
          <div className="milk-table-scroll">
            <table className="milk-table">
              <thead>
                <tr>
                  <th scope="col">Jour</th>
                  <th scope="col">Producteur</th>
                  <th scope="col">Tournée</th>
                  <th scope="col">Cuve</th>
                  <th scope="col" className="number">
                    Litres
                  </th>
                  <th scope="col">Origine</th>
                  <th scope="col">Correction</th>
                </tr>
              </thead>
              <tbody>
                {data.collections.map((c) => (
                  <tr key={c.id}>
                    <td>{c.dayLabel}</td>
                    <td>{c.producer}</td>
                    <td>{c.tour || '—'}</td>
                    <td>{c.tank || '—'}</td>
                    <td className="number">{formatLitres(c.litres)}</td>
                    <td>{c.source}</td>
                    <td>
                      {c.isInvoiced ? (
                        <span className="muted">mois facturé</span>
                      ) : (
                        <Form method="post" className="milk-inline-form">
                          <input type="hidden" name="id" value={c.id} />
                          <input type="hidden" name="producerId" value={c.producerId} />
                          <input type="hidden" name="date" value={c.day} />
                          <input type="hidden" name="tour" value={c.tour} />
                          <input type="hidden" name="tank" value={c.tank} />
                          <input
                            name="litres"
                            defaultValue={String(c.litres)}
                            inputMode="numeric"
                            aria-label={`Litres de la collecte du ${c.dayLabel}, ${c.producer}`}
                          />
                          <button type="submit" name="intent" value="correct" className="secondary">
                            Corriger
                          </button>
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
          </div>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Collectes de lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
