import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireMilkDairy } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { type DairyGrid, M1_DAIRY_GRID } from '#app/domain/milk/dairy-grid.ts';
import { describeBand, describeClass } from '#app/domain/milk/grid.ts';
import { monthLabel, shiftMonth } from '#app/domain/milk/month.ts';
import { formatSignedFr, formatDecimalFr as fr } from '#app/domain/pricing/decimal.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { findMilkGridForMonth, listMilkGrids, saveMilkGrid } from '#app/models/milk-grid.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const MONTH_NAMES = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/** The grid in words, as the dairy and its producers read it. */
function describeGrid(grid: DairyGrid): string[] {
  const euros = (amount: number) => `${formatSignedFr(amount, 3)} €/1000 L`;
  const lines = [
    `Prix de base : ${fr(grid.basePrice, 3)} €/1000 L pour ${fr(grid.standard.fat)} g/L de matière grasse et ${fr(grid.standard.protein)} g/L de matière protéique.`,
    ...grid.fat.map(
      (band) =>
        `Matière grasse${describeBand(band) || ''} : ${fr(band.perG, 2)} €/1000 L par g/L d’écart au standard.`,
    ),
    ...grid.protein.map(
      (band) =>
        `Matière protéique${describeBand(band) || ''} : ${fr(band.perG, 2)} €/1000 L par g/L d’écart au standard.`,
    ),
    ...(grid.germs ?? []).map(
      (c, i, all) => `Germes, ${describeClass(i, all)} : ${euros(c.amount)}.`,
    ),
    ...(grid.cells ?? []).map(
      (c, i, all) => `Cellules, ${describeClass(i, all)} : ${euros(c.amount)}.`,
    ),
    ...(grid.butyricSpores ?? []).map(
      (c, i, all) =>
        `Spores butyriques, ${describeClass(i, all).replace('/mL', '/L')} : ${euros(c.amount)}.`,
    ),
    ...grid.premiums.map(
      (p) =>
        `${p.label} : ${euros(p.amount)}${p.months ? ` (${p.months.map((m) => MONTH_NAMES[m - 1]).join(', ')})` : ''}.`,
    ),
  ];
  if (grid.antibioticsPenaltyPerResult !== undefined) {
    lines.push(
      `Antibiotiques : −${fr(grid.antibioticsPenaltyPerResult, 3)} €/1000 L par résultat positif du mois.`,
    );
  }
  lines.push(
    grid.composition === 'volume_weighted'
      ? 'Composition du mois : moyenne des analyses pondérée par les litres collectés depuis l’analyse précédente, arrondie au dixième de g/L.'
      : 'Composition du mois : moyenne simple des analyses, arrondie au dixième de g/L.',
    `Classes de germes et de cellules : moyenne géométrique ${grid.hygieneBasis.germs === 'rolling' ? 'glissante sur 2 mois' : 'du mois'} (germes), ${grid.hygieneBasis.cells === 'rolling' ? 'glissante sur 3 mois' : 'du mois'} (cellules).`,
    grid.missingResults === 'last_known'
      ? 'Résultat manquant : méthode de substitution, résultats du dernier mois analysé (deux mois au plus).'
      : 'Résultat manquant : pas de paie tant que les analyses du mois ne sont pas saisies.',
  );
  return lines;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkDairy(request, params.slug);
  const month = parisDayOf(new Date()).slice(0, 7);
  const [versions, current] = await Promise.all([
    listMilkGrids({ dairyId: organisation.id }),
    findMilkGridForMonth({ dairyId: organisation.id, month }),
  ]);
  return json({
    monthLabel: monthLabel(month),
    nextMonth: shiftMonth(month, 1),
    current: current
      ? {
          label: `version ${current.version} en vigueur depuis ${monthLabel(current.validFrom.slice(0, 7))}`,
          lines: describeGrid(current.grid),
        }
      : null,
    json: JSON.stringify(current?.grid ?? M1_DAIRY_GRID, null, 2),
    versions: versions.map((v) => ({
      id: v.id,
      validFrom: monthLabel(v.validFrom.slice(0, 7)),
      version: v.version,
      basePrice: `${fr(v.grid.basePrice, 3)} €/1000 L`,
      note: v.note,
      savedAt: formatDateTime(v.createdAt),
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMilkDairy(request, params.slug);
  const form = await request.formData();
  let grid: unknown;
  try {
    grid = JSON.parse(String(form.get('grid') ?? ''));
  } catch {
    return json(
      { errors: ['La grille n’est pas un JSON valide : vérifiez les virgules et les accolades.'] },
      { status: 400 },
    );
  }
  const basePrice = String(form.get('basePrice') ?? '').trim();
  if (basePrice !== '') {
    const value = Number(basePrice.replace(',', '.').replace(/\s/g, ''));
    if (!/^\d+([.,]\d{1,3})?$/.test(basePrice.replace(/\s/g, '')) || !Number.isFinite(value)) {
      return json(
        { errors: ['Prix de base : nombre positif, 3 décimales au plus (ex. 450,000).'] },
        { status: 400 },
      );
    }
    grid = { ...(grid as object), basePrice: value };
  }
  const saved = await saveMilkGrid({
    dairyId: organisation.id,
    validFromMonth: String(form.get('validFrom') ?? ''),
    grid,
    note: String(form.get('note') ?? ''),
    actorId: user.id,
  });
  if (!saved.ok) {
    return json({ errors: saved.message.split('\n') }, { status: 422 });
  }
  return redirectWithToast(`/o/${organisation.slug}/lait/grille`, {
    kind: 'success',
    message: `Grille enregistrée : version ${saved.version} à partir de ${monthLabel(saved.validFrom.slice(0, 7))}.`,
  });
}

export default function MilkGridPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Grille de prix du lait</h2>
      <section className="card" aria-labelledby="current-title">
        <h3 id="current-title">Grille de {data.monthLabel}</h3>
        {data.current ? (
          <>
            <p className="muted">{data.current.label}</p>
            <ul>
              {data.current.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">
            Aucune grille en vigueur : enregistrez-en une pour calculer la paie.
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="new-title">
        <h3 id="new-title">Nouvelle version</h3>
        <p className="muted">
          Une version s’applique aux mois à partir de sa prise d’effet ; les mois déjà facturés
          gardent celle qu’ils ont utilisée. Format : celui de <code>npx cabas milk price</code>{' '}
          (tranches <code>fat</code>/<code>protein</code>, classes <code>germs</code>/
          <code>cells</code>/<code>butyricSpores</code>, <code>premiums</code> avec{' '}
          <code>months</code> facultatif), voir la documentation.
        </p>
        <Form method="post" className="stack">
          <FormErrors id="grid-errors" errors={result?.errors} />
          <div className="field">
            <label htmlFor="validFrom">Prise d’effet (mois)</label>
            <input
              id="validFrom"
              name="validFrom"
              type="month"
              required
              defaultValue={data.nextMonth}
            />
          </div>
          <div className="field">
            <label htmlFor="basePrice">Prix de base (€/1000 L, remplace celui du JSON)</label>
            <input id="basePrice" name="basePrice" inputMode="decimal" />
          </div>
          <div className="field">
            <label htmlFor="grid">Grille (JSON)</label>
            <textarea id="grid" name="grid" rows={18} defaultValue={data.json} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor="note">Note (facultatif)</label>
            <input id="note" name="note" maxLength={300} />
          </div>
          <button type="submit">Enregistrer la version</button>
        </Form>
      </section>
      <section className="card" aria-labelledby="versions-title">
        <h3 id="versions-title">Versions</h3>
        {data.versions.length === 0 ? (
          <p className="muted">Aucune version.</p>
        ) : (
          <table className="milk-table">
            <thead>
              <tr>
                <th scope="col">À partir de</th>
                <th scope="col">Version</th>
                <th scope="col">Prix de base</th>
                <th scope="col">Note</th>
                <th scope="col">Enregistrée le</th>
              </tr>
            </thead>
            <tbody>
              {data.versions.map((v) => (
                <tr key={v.id}>
                  <td>{v.validFrom}</td>
                  <td>{v.version}</td>
                  <td>{v.basePrice}</td>
                  <td>{v.note || '—'}</td>
                  <td>{v.savedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Grille du lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
