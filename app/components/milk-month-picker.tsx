import { Form, Link } from '@remix-run/react';
import { monthLabel, shiftMonth } from '#app/domain/milk/month.ts';

/** Previous / next month links and the producer filter of the dairy's record pages. */
export function MilkMonthPicker({
  month,
  producerId,
  suppliers,
}: {
  month: string;
  producerId: string;
  suppliers: readonly { id: string; label: string }[];
}) {
  const link = (target: string) =>
    `?${new URLSearchParams({ mois: target, ...(producerId ? { producteur: producerId } : {}) })}`;
  return (
    <div className="milk-nav">
      <Link to={link(shiftMonth(month, -1))}>← {monthLabel(shiftMonth(month, -1))}</Link>
      <Link to={link(shiftMonth(month, 1))}>{monthLabel(shiftMonth(month, 1))} →</Link>
      <Form method="get" className="milk-inline-form">
        <input type="hidden" name="mois" value={month} />
        <label htmlFor="filter-producer">Filtrer par producteur</label>
        <select id="filter-producer" name="producteur" defaultValue={producerId}>
          <option value="">Tous</option>
          {suppliers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Filtrer
        </button>
      </Form>
    </div>
  );
}

/** The producer of a manual entry. */
export function MilkProducerSelect({
  suppliers,
  defaultValue,
}: {
  suppliers: readonly { id: string; label: string }[];
  defaultValue?: string;
}) {
  return (
    <div className="field">
      <label htmlFor="producerId">Producteur</label>
      <select id="producerId" name="producerId" required defaultValue={defaultValue ?? ''}>
        <option value="">—</option>
        {suppliers.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
