import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { requireContractParty } from '#app/auth/require-egalim.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
  type EgalimCategory,
} from '#app/domain/catalogue/egalim-categories.ts';
import { lastClosedYear } from '#app/domain/egalim/contract-dates.ts';
import { isBovine } from '#app/domain/egalim/products.ts';
import { parseEurosToCents } from '#app/domain/egalim/quantity-input.ts';
import { t } from '#app/i18n/fr.ts';
import {
  listTurnovers,
  saveTurnovers,
  type TurnoverEntry,
} from '#app/models/egalim-turnover.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

/** One input per production; bovines also have their SIQO row (R631-6 II). */
const ROWS = EGALIM_CATEGORIES.flatMap((category) =>
  isBovine(category)
    ? [
        { category, isSiqo: false },
        { category, isSiqo: true },
      ]
    : [{ category, isSiqo: false }],
);
const fieldName = (category: EgalimCategory, isSiqo: boolean) =>
  `c.${category}${isSiqo ? '.siqo' : ''}`;

function yearsAround(today: string) {
  const closed = lastClosedYear(today);
  return { closed, choices: [closed - 2, closed - 1, closed, closed + 1] };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireContractParty(request, params.slug);
  const { closed, choices } = yearsAround(parisDayOf(new Date()));
  const requested = Number(new URL(request.url).searchParams.get('annee'));
  const year = choices.includes(requested) ? requested : closed;
  const rows = await listTurnovers({ organisationId: organisation.id });
  const values = Object.fromEntries(
    rows
      .filter((row) => row.year === year)
      .map((row) => [
        fieldName(row.egalimCategory, row.isSiqo),
        (row.turnoverCents / 100).toFixed(2).replace('.', ','),
      ]),
  );
  return json({
    isProducer: organisation.kind === 'producer',
    year,
    closed,
    choices,
    rows: ROWS.map((row) => ({
      name: fieldName(row.category, row.isSiqo),
      label: `${EGALIM_CATEGORY_LABELS[row.category]}${row.isSiqo ? ' sous signe officiel de qualité' : ''}`,
      value: values[fieldName(row.category, row.isSiqo)] ?? '',
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireContractParty(request, params.slug);
  const form = await request.formData();
  const { choices } = yearsAround(parisDayOf(new Date()));
  const year = Number(form.get('year'));
  if (!choices.includes(year)) {
    return json({ errors: { year: 'Choisissez une année de la liste.' } }, { status: 400 });
  }
  const errors: Record<string, string> = {};
  const entries: TurnoverEntry[] = [];
  for (const row of ROWS) {
    const name = fieldName(row.category, row.isSiqo);
    const raw = String(form.get(name) ?? '').trim();
    if (raw === '') {
      entries.push({ egalimCategory: row.category, isSiqo: row.isSiqo, turnoverCents: null });
      continue;
    }
    const cents = parseEurosToCents(raw);
    if (cents === null) {
      errors[name] = 'Montant en euros attendu (ex. 25 000 ou 1 234,50), 20 millions au plus.';
      continue;
    }
    entries.push({ egalimCategory: row.category, isSiqo: row.isSiqo, turnoverCents: cents });
  }
  if (Object.keys(errors).length > 0) {
    return json({ errors }, { status: 400 });
  }
  await saveTurnovers({ organisationId: organisation.id, year, entries, actorId: user.id });
  return redirectWithToast(`/o/${organisation.slug}/chiffre-affaires?annee=${year}`, {
    kind: 'success',
    message: t('toast.turnoversSaved', { year }),
  });
}

export default function Turnovers() {
  const { isProducer, year, closed, choices, rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [, setSearchParams] = useSearchParams();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div>
      <h2>{t(isProducer ? 'nav.turnoverProducer' : 'nav.turnoverBuyer')}</h2>
      <p className="muted">
        Chiffre d’affaires annuel hors taxes réalisé pour chaque production (art. R631-6 CRPM) :
        {isProducer
          ? ' vos ventes de ce produit. En dessous de 10 000 € (5 000 € pour les agneaux, pommes à cidre et poires à poiré), le contrat écrit n’est pas obligatoire.'
          : ' vos achats de ce produit. En dessous de 100 000 € pour les bovins (780 000 € pour les porcs, 700 000 € pour le lait cru), le contrat écrit n’est pas obligatoire.'}{' '}
        Les ventes de l’année sont classées avec l’année civile close précédente ({closed} pour les
        livraisons de {closed + 1}). Une production non renseignée n’exempte de rien.
      </p>
      <Form method="get" className="field">
        <label htmlFor="annee">Année</label>
        <select
          id="annee"
          name="annee"
          defaultValue={year}
          onChange={(event) => setSearchParams({ annee: event.currentTarget.value })}
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
        <noscript>
          <button type="submit">Afficher</button>
        </noscript>
      </Form>
      <Form method="post" className="stack" key={year}>
        <input type="hidden" name="year" value={year} />
        {Object.keys(errors).length > 0 ? (
          <FormErrors id="turnover-errors" errors={['Corrigez les montants signalés.']} />
        ) : null}
        <table>
          <thead>
            <tr>
              <th scope="col">Production</th>
              <th scope="col">Chiffre d’affaires {year} (€ HT)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">
                  <label htmlFor={row.name}>{row.label}</label>
                </th>
                <td>
                  <input
                    id={row.name}
                    name={row.name}
                    defaultValue={row.value}
                    inputMode="decimal"
                    aria-invalid={errors[row.name] ? true : undefined}
                  />
                  {errors[row.name] ? <p className="field-errors">{errors[row.name]}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Enregistrer {year}</button>
      </Form>
    </div>
  );
}
