import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireIndicatorsManager } from '#app/auth/require-egalim.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { INDICATOR_KIND_LABELS, INDICATOR_KINDS } from '#app/domain/egalim/indicator-kinds.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  createIndicator,
  importIndicatorCsv,
  listIndicators,
} from '#app/models/egalim-indicator.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const KIND_LABELS = INDICATOR_KIND_LABELS;

const NewIndicatorSchema = z.object({
  code: z
    .string({ error: 'Code obligatoire.' })
    .trim()
    .regex(
      /^[a-z0-9_.-]{1,40}$/,
      'Code : minuscules, chiffres, « - », « _ » ou « . » (40 au plus).',
    ),
  label: z.string({ error: 'Libellé obligatoire.' }).trim().min(1, 'Libellé obligatoire.').max(120),
  kind: z.enum(INDICATOR_KINDS, { error: 'Choisissez le type d’indicateur.' }),
  unit: z.string({ error: 'Unité obligatoire.' }).trim().min(1, 'Unité obligatoire.').max(30),
  source: z.string().trim().max(200).default(''),
});

const MAX_CSV_BYTES = 1_000_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireIndicatorsManager(request, params.slug);
  const indicators = await listIndicators({ ownerId: organisation.id });
  return json({
    indicators: indicators.map((indicator) => ({
      ...indicator,
      kindLabel: KIND_LABELS[indicator.kind],
      last: indicator.lastValue
        ? `${indicator.lastValue.value.replace('.', ',')} ${indicator.unit} au ${formatDay(indicator.lastValue.on)}`
        : 'aucune valeur',
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireIndicatorsManager(request, params.slug);
  const form = await request.formData();
  const url = `/o/${organisation.slug}/indicateurs`;
  switch (form.get('intent')) {
    case 'create': {
      const parsed = NewIndicatorSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        return json(
          { intent: 'create', errors: parsed.error.issues.map((issue) => issue.message) },
          { status: 400 },
        );
      }
      const created = await createIndicator({ ownerId: organisation.id, indicator: parsed.data });
      if (!created.ok) {
        return json(
          { intent: 'create', errors: [t('egalim.indicator.codeTaken')] },
          { status: 400 },
        );
      }
      return redirectWithToast(url, {
        kind: 'success',
        message: t('toast.indicatorCreated', { code: parsed.data.code }),
      });
    }
    case 'import': {
      const file = form.get('file');
      const pasted = form.get('csv');
      let text = typeof pasted === 'string' ? pasted : '';
      if (file instanceof File && file.size > 0) {
        if (file.size > MAX_CSV_BYTES) {
          return json(
            { intent: 'import', errors: ['Fichier trop volumineux (1 Mo au plus).'] },
            { status: 400 },
          );
        }
        text = await file.text();
      }
      if (text.trim() === '') {
        return json(
          { intent: 'import', errors: ['Choisissez un fichier CSV ou collez son contenu.'] },
          { status: 400 },
        );
      }
      const result = await importIndicatorCsv({ ownerId: organisation.id, text, actorId: user.id });
      if (!result.ok) {
        return json({ intent: 'import', errors: result.message.split('\n') }, { status: 422 });
      }
      return redirectWithToast(url, {
        kind: 'success',
        message: t('toast.indicatorsImported', {
          rows: result.rowCount,
          count: result.indicatorCount,
        }),
      });
    }
    default:
      return json({ intent: null, errors: ['Action inconnue.'] }, { status: 400 });
  }
}

export default function Indicators() {
  const { indicators } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Indicateurs de prix</h2>
      <p className="muted">
        Les indicateurs auxquels vos formules de prix se réfèrent (art. L631-24 III CRPM) : vos
        coûts de production et les indicateurs publiés (Idele, FranceAgriMer, interprofessions). Une
        valeur s’applique à partir de sa date, jusqu’à la suivante.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Libellé</th>
            <th scope="col">Type</th>
            <th scope="col">Source</th>
            <th scope="col">Dernière valeur</th>
            <th scope="col">Valeurs</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => (
            <tr key={indicator.id}>
              <td>
                <code>{indicator.code}</code>
                {indicator.shared ? ' (partagé)' : ''}
              </td>
              <td>{indicator.label}</td>
              <td>{indicator.kindLabel}</td>
              <td>{indicator.source}</td>
              <td>{indicator.last}</td>
              <td>{indicator.valueCount}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section className="card">
        <h3>Importer des valeurs (CSV)</h3>
        <p className="muted">
          Colonnes <code>indicateur;date;valeur</code> (date AAAA-MM-JJ ou JJ/MM/AAAA, virgule
          décimale acceptée). Tout ou rien : une ligne fausse refuse le fichier entier.
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          {result?.intent === 'import' ? (
            <FormErrors id="import-errors" errors={result.errors} />
          ) : null}
          <div className="field">
            <label htmlFor="file">Fichier CSV</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <div className="field">
            <label htmlFor="csv">Ou collez les lignes</label>
            <textarea id="csv" name="csv" rows={5} placeholder="indicateur;date;valeur" />
          </div>
          <button type="submit" name="intent" value="import">
            Importer
          </button>
        </Form>
      </section>

      <section className="card">
        <h3>Nouvel indicateur</h3>
        <Form method="post" className="stack">
          {result?.intent === 'create' ? (
            <FormErrors id="create-errors" errors={result.errors} />
          ) : null}
          <div className="field">
            <label htmlFor="code">Code (utilisé dans les formules et le CSV)</label>
            <input id="code" name="code" required maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="label">Libellé</label>
            <input id="label" name="label" required maxLength={120} />
          </div>
          <div className="field">
            <label htmlFor="kind">Type</label>
            <select id="kind" name="kind">
              {INDICATOR_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABELS[kind]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="unit">Unité</label>
            <input id="unit" name="unit" required maxLength={30} placeholder="€/kg eqc" />
          </div>
          <div className="field">
            <label htmlFor="source">Source</label>
            <input id="source" name="source" maxLength={200} placeholder="Idele, FranceAgriMer…" />
          </div>
          <button type="submit" name="intent" value="create">
            Créer l’indicateur
          </button>
        </Form>
      </section>
    </div>
  );
}
