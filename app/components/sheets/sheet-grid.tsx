import { type ClipboardEvent, type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import { formatQuantityMilli, parseQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { lineAmountCents } from '#app/domain/catalogue/quantity.ts';
import { openPacks, type PackFill, packFill } from '#app/domain/ordering/pack-fill.ts';
import { isPasteBlock, parsePasteBlock } from '#app/domain/ordering/paste-block.ts';
import { planReorder, type ReorderPlan } from '#app/domain/ordering/reorder.ts';
import { minimumProgress } from '#app/domain/rounds/minimum-order.ts';
import {
  quantityWithUnit as formatQuantityWithUnit,
  saleUnitLabel,
} from '#app/domain/rounds/quantity-label.ts';
import { formatCents } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { useLiveSheet } from './use-live-sheet.ts';

export interface GridProduct {
  id: string;
  name: string;
  /** The unit quantities are typed in (« pièce » for a variable-weight product). */
  unitLabel: string;
  /** Its code (`piece` for a variable-weight product), for the French plural. */
  saleUnit: string;
  /** The unit the price is per (« kg » for a variable-weight product). */
  priceUnitLabel: string;
  /** Variable weight only: one piece's estimated weight, for the amount. */
  estimatedWeightGrams: number | null;
  producerId: string;
  producerName: string;
  stepMilli: number;
  maxPerHouseholdMilli: number | null;
  /** Handed over by whole packs of this quantity, filled by the group together (null: loose). */
  packMilli: number | null;
  unitPriceCents: number;
  stockMilli: number | null;
  /** Reserved on this offer by other sheets and pro orders (at page load). */
  reservedElsewhereMilli: number;
}

export interface SheetGridProps {
  sheetId: string;
  households: { id: string; name: string }[];
  products: GridProduct[];
  initialCells: Record<string, number>;
  /** Producer id → its stop's minimum order in cents (producers without one are absent). */
  minimums?: Record<string, number>;
  ownHouseholdIds: string[];
  isCoordinator: boolean;
  isWritable: boolean;
  deadlineAt: string;
  /** Rows on the group's previous closed sheet: the caller's household's (all, for a coordinator). */
  previousOrders?: Record<string, { title: string; quantities: Record<string, number> }>;
}

const cellKey = (householdId: string, productId: string) => `${householdId}:${productId}`;
/** As the order line will be invoiced: once, half-up; pieces × estimated weight for variable weight. */
export const amountCents = (
  quantityMilli: number,
  product: Pick<GridProduct, 'unitPriceCents' | 'estimatedWeightGrams'>,
) =>
  lineAmountCents({
    unitPriceCents: product.unitPriceCents,
    quantityMilli,
    estimatedWeightGrams: product.estimatedWeightGrams,
  }).amountCents;

/** « 2,60 € / kg », and for a variable-weight product « 12,00 € / kg, pièce ≈ 1,6 kg ». */
export function priceLabel(
  product: Pick<
    GridProduct,
    'unitPriceCents' | 'priceUnitLabel' | 'unitLabel' | 'estimatedWeightGrams'
  >,
): string {
  const price = `${formatCents(product.unitPriceCents)} / ${product.priceUnitLabel}`;
  return product.estimatedWeightGrams === null
    ? price
    : `${price}, ${product.unitLabel} ≈ ${formatQuantityMilli(product.estimatedWeightGrams)} kg`;
}

function useCountdown(deadlineAt: string) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) {
    return null;
  }
  const left = new Date(deadlineAt).getTime() - now;
  if (left <= 0) {
    return t('sheet.countdownOver');
  }
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const time =
    days > 0
      ? `${days} j ${hours} h`
      : hours > 0
        ? `${hours} h ${String(minutes).padStart(2, '0')}`
        : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return t('sheet.countdown', { time });
}

function QuantityInput(props: {
  id: string;
  label: string;
  value: number | undefined;
  disabled: boolean;
  refusal?: string;
  othersHere: string[];
  onCommit(value: number | null): void;
  onFocus(): void;
  onKeyDown?(event: KeyboardEvent<HTMLInputElement>): void;
  onPaste?(event: ClipboardEvent<HTMLInputElement>): void;
}) {
  const shown = props.value === undefined ? '' : formatQuantityMilli(props.value);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) {
      return;
    }
    const text = draft.trim();
    setDraft(null);
    if (text === shown) {
      return;
    }
    if (text === '') {
      props.onCommit(null);
      return;
    }
    const parsed = parseQuantityMilli(text);
    if (parsed.ok) {
      props.onCommit(parsed.value);
    }
  };
  return (
    <span className="sheet-cell">
      <input
        id={props.id}
        aria-label={props.label}
        inputMode="decimal"
        autoComplete="off"
        value={draft ?? shown}
        disabled={props.disabled}
        aria-invalid={props.refusal ? true : undefined}
        data-others={props.othersHere.length > 0 ? props.othersHere.join(', ') : undefined}
        title={props.othersHere.length > 0 ? props.othersHere.join(', ') : undefined}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onFocus={props.onFocus}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commit();
          }
          props.onKeyDown?.(event);
        }}
        onPaste={props.onPaste}
      />
      {props.refusal ? (
        <span className="sheet-refusal" role="alert">
          {props.refusal}
        </span>
      ) : null}
    </span>
  );
}

/** « 6 pots », « 1,5 kg »: a quantity with its unit in French (plural from two). */
export function quantityWithUnit(product: Pick<GridProduct, 'saleUnit'>, quantityMilli: number) {
  return formatQuantityWithUnit(product.saleUnit, quantityMilli);
}

/** « 2 colis complets · il manque 1,5 kg » for a product's total on this sheet. */
export function packFillLabel(fill: PackFill, unitOf: (quantityMilli: number) => string): string {
  const full =
    fill.fullPacks === 0
      ? null
      : fill.fullPacks === 1
        ? t('sheet.pack.fullOne')
        : t('sheet.pack.fullMany', { count: fill.fullPacks });
  if (fill.missingMilli === 0) {
    return full ?? t('sheet.pack.none');
  }
  const missing = t('sheet.pack.missing', {
    quantity: `${formatQuantityMilli(fill.missingMilli)} ${unitOf(fill.missingMilli)}`,
  });
  return full ? `${full} · ${missing}` : missing;
}

const ADJUSTED_BECAUSE: Record<ReorderPlan['adjusted'][number]['reason'], string> = {
  maximum: 'maximum par foyer',
  step: 'pas de vente',
  stock: 'stock',
};

/** What « reprendre » did, in one French sentence or two. */
export function reorderSummary(plan: ReorderPlan): string {
  const parts = [
    plan.values.length === 0
      ? 'Rien à reprendre.'
      : plan.values.length === 1
        ? '1 produit repris.'
        : `${plan.values.length} produits repris.`,
  ];
  for (const a of plan.adjusted) {
    parts.push(
      a.newMilli === 0
        ? `${a.name} : non repris (${ADJUSTED_BECAUSE[a.reason]}).`
        : `${a.name} : ${formatQuantityMilli(a.newMilli)} au lieu de ${formatQuantityMilli(a.previousMilli)} (${ADJUSTED_BECAUSE[a.reason]}).`,
    );
  }
  if (plan.alreadyFilled > 0) {
    parts.push(
      plan.alreadyFilled === 1
        ? '1 produit déjà saisi gardé tel quel.'
        : `${plan.alreadyFilled} produits déjà saisis gardés tels quels.`,
    );
  }
  if (plan.unavailable > 0) {
    parts.push(
      plan.unavailable === 1
        ? '1 produit n’est pas proposé cette fois.'
        : `${plan.unavailable} produits ne sont pas proposés cette fois.`,
    );
  }
  return parts.join(' ');
}

export function SheetGrid(props: SheetGridProps) {
  const sheet = useLiveSheet({ sheetId: props.sheetId, initialCells: props.initialCells });
  const countdown = useCountdown(props.deadlineAt);
  const writable = props.isWritable && !sheet.readOnly;
  const canWriteRow = (householdId: string) =>
    writable && (props.isCoordinator || props.ownHouseholdIds.includes(householdId));

  const producers = useMemo(() => {
    const groups: { id: string; name: string; products: GridProduct[] }[] = [];
    for (const product of props.products) {
      const last = groups.at(-1);
      if (last?.id === product.producerId) {
        last.products.push(product);
      } else {
        groups.push({ id: product.producerId, name: product.producerName, products: [product] });
      }
    }
    return groups;
  }, [props.products]);
  const columns = producers.flatMap((p) => p.products);

  const rowTotal = (householdId: string) =>
    columns.reduce(
      (sum, p) => sum + amountCents(sheet.cells[cellKey(householdId, p.id)] ?? 0, p),
      0,
    );
  const productQuantity = (productId: string) =>
    props.households.reduce((sum, h) => sum + (sheet.cells[cellKey(h.id, productId)] ?? 0), 0);
  const producerTotal = (products: GridProduct[]) =>
    products.reduce((sum, p) => sum + amountCents(productQuantity(p.id), p), 0);

  const othersAt = (key: string) =>
    sheet.presence.filter((p) => !p.isSelf && p.cell === key).map((p) => p.name);

  const focusInput = (row: number, column: number) => {
    const household = props.households[row];
    const product = columns[column];
    if (household && product) {
      document.getElementById(`cell-${household.id}-${product.id}`)?.focus();
    }
  };

  const onKeyDown = (row: number, column: number) => (event: KeyboardEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (event.shiftKey) {
        sheet.redo();
      } else {
        sheet.undo();
      }
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      sheet.redo();
    } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
      event.preventDefault();
      focusInput(row + 1, column);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusInput(row - 1, column);
    } else if (event.key === 'ArrowRight' && atEnd) {
      event.preventDefault();
      focusInput(row, column + 1);
    } else if (event.key === 'ArrowLeft' && atStart) {
      event.preventDefault();
      focusInput(row, column - 1);
    }
  };

  const onPaste = (row: number, column: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text/plain');
    if (!isPasteBlock(text)) {
      return;
    }
    event.preventDefault();
    const values: [string, number | null][] = [];
    parsePasteBlock(text).forEach((line, rowOffset) => {
      const household = props.households[row + rowOffset];
      if (!household || !canWriteRow(household.id)) {
        return;
      }
      line.forEach((value, columnOffset) => {
        const product = columns[column + columnOffset];
        if (product && value !== undefined) {
          values.push([cellKey(household.id, product.id), value]);
        }
      });
    });
    sheet.setCells(values);
  };

  // « Reprendre ma dernière commande »: the previous row into this row's empty cells. A
  // coordinator picks the household (one without a phone, say).
  const reorderTargets = props.households.filter(
    (h) => props.previousOrders?.[h.id] !== undefined && canWriteRow(h.id),
  );
  const [chosenHousehold, setChosenHousehold] = useState<string | null>(null);
  const ownHouseholdId =
    (props.isCoordinator
      ? (
          reorderTargets.find((h) => h.id === chosenHousehold) ??
          reorderTargets.find((h) => props.ownHouseholdIds.includes(h.id)) ??
          reorderTargets[0]
        )?.id
      : props.ownHouseholdIds[0]) ?? null;
  const previous = ownHouseholdId ? props.previousOrders?.[ownHouseholdId] : undefined;
  const [reordered, setReordered] = useState<ReorderPlan | null>(null);
  const reorder = () => {
    if (!ownHouseholdId || !previous || !canWriteRow(ownHouseholdId)) {
      return;
    }
    const plan = planReorder(
      previous.quantities,
      columns.map((product) => ({
        id: product.id,
        name: product.name,
        stepMilli: product.stepMilli,
        maxPerHouseholdMilli: product.maxPerHouseholdMilli,
        stockLeftMilli:
          product.stockMilli === null
            ? null
            : product.stockMilli - product.reservedElsewhereMilli - productQuantity(product.id),
      })),
      Object.fromEntries(
        columns.map((product) => [product.id, sheet.cells[cellKey(ownHouseholdId, product.id)]]),
      ),
    );
    // One transaction: one undo step.
    sheet.setCells(
      plan.values.map(([productId, value]) => [cellKey(ownHouseholdId, productId), value]),
    );
    setReordered(plan);
  };

  const minimumLabel = (producer: { id: string; products: GridProduct[] }) => {
    const minimum = props.minimums?.[producer.id];
    const progress = minimumProgress(producerTotal(producer.products), minimum ?? null);
    if (!progress || minimum === undefined) {
      return null;
    }
    return progress.reached
      ? t('sheet.minimum.reached', { minimum: formatCents(minimum) })
      : t('sheet.minimum.missing', {
          minimum: formatCents(minimum),
          missing: formatCents(progress.missingCents),
        });
  };

  const packsToComplete = openPacks(
    columns,
    Object.fromEntries(columns.map((product) => [product.id, productQuantity(product.id)])),
  );
  const packLabel = (product: GridProduct) =>
    product.packMilli === null
      ? null
      : packFillLabel(packFill(productQuantity(product.id), product.packMilli), (milli) =>
          saleUnitLabel(product.saleUnit, milli),
        );

  const others = sheet.presence.filter((p) => !p.isSelf).map((p) => p.name);
  const phoneHouseholdIds = props.isCoordinator
    ? props.households.map((h) => h.id)
    : props.ownHouseholdIds;
  const [phoneHousehold, setPhoneHousehold] = useState(phoneHouseholdIds[0] ?? null);

  return (
    <div className="sheet" data-synced={sheet.synced ? 'true' : 'false'}>
      <div className="sheet-status" aria-live="polite">
        <span data-testid="sheet-connection">
          {sheet.status === 'connected'
            ? sheet.synced
              ? '● en direct'
              : t('sheet.connecting')
            : sheet.status === 'connecting'
              ? t('sheet.connecting')
              : t('sheet.offline')}
        </span>
        {!writable ? <strong> · {t('sheet.readOnly')}</strong> : null}
        {countdown ? <span> · {countdown}</span> : null}
        <span data-testid="sheet-presence">
          {' · '}
          {t('sheet.present', { names: others.length > 0 ? others.join(', ') : 'vous seul·e' })}
        </span>
        {writable ? (
          <span className="sheet-undo">
            <button type="button" onClick={sheet.undo}>
              {t('sheet.undo')}
            </button>
            <button type="button" onClick={sheet.redo}>
              {t('sheet.redo')}
            </button>
          </span>
        ) : null}
      </div>

      {previous && ownHouseholdId && canWriteRow(ownHouseholdId) ? (
        <div className="sheet-reorder">
          {props.isCoordinator ? (
            <label>
              {t('sheet.reorderFor')}{' '}
              <select
                value={ownHouseholdId}
                onChange={(event) => {
                  setChosenHousehold(event.currentTarget.value);
                  setReordered(null);
                }}
              >
                {reorderTargets.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>{' '}
            </label>
          ) : null}
          <button type="button" onClick={reorder}>
            {props.isCoordinator && !props.ownHouseholdIds.includes(ownHouseholdId)
              ? t('sheet.reorderHousehold', { title: previous.title })
              : t('sheet.reorder', { title: previous.title })}
          </button>
          {reordered ? (
            <span role="status" data-testid="sheet-reorder-result">
              {' '}
              {reorderSummary(reordered)}
            </span>
          ) : null}
        </div>
      ) : null}

      {packsToComplete.length > 0 ? (
        <div className="sheet-packs" data-testid="sheet-packs">
          <strong>{t('sheet.pack.toComplete')}</strong>
          <ul>
            {packsToComplete.map((open) => {
              const product = columns.find((p) => p.id === open.productId)!;
              return (
                <li key={open.productId}>
                  {t('sheet.pack.openItem', {
                    name: open.name,
                    missing: quantityWithUnit(product, open.fill.missingMilli),
                    pack: quantityWithUnit(product, open.packMilli),
                  })}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}

      <div className="sheet-table-wrap">
        <table className="sheet-table">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Foyer
              </th>
              {producers.map((producer) => (
                <th key={producer.id} scope="colgroup" colSpan={producer.products.length}>
                  {producer.name} · {formatCents(producerTotal(producer.products))}
                  {minimumLabel(producer) ? (
                    <>
                      <br />
                      <small data-testid={`minimum-${producer.id}`}>{minimumLabel(producer)}</small>
                    </>
                  ) : null}
                </th>
              ))}
              <th scope="col" rowSpan={2}>
                {t('sheet.total')}
              </th>
            </tr>
            <tr>
              {columns.map((product) => {
                const left =
                  product.stockMilli === null
                    ? null
                    : product.stockMilli -
                      product.reservedElsewhereMilli -
                      productQuantity(product.id);
                return (
                  <th key={product.id} scope="col">
                    {product.name}
                    <br />
                    <small>
                      {priceLabel(product)}
                      {left !== null
                        ? ` · ${t('sheet.stockLeft', { quantity: formatQuantityMilli(Math.max(0, left)) })}`
                        : ''}
                      {product.packMilli !== null
                        ? ` · ${t('sheet.pack.size', { quantity: quantityWithUnit(product, product.packMilli) })}`
                        : ''}
                    </small>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {props.households.map((household, row) => (
              <tr
                key={household.id}
                className={props.ownHouseholdIds.includes(household.id) ? 'own-row' : undefined}
              >
                <th scope="row">{household.name}</th>
                {columns.map((product, column) => {
                  const key = cellKey(household.id, product.id);
                  return (
                    <td key={product.id}>
                      <QuantityInput
                        id={`cell-${household.id}-${product.id}`}
                        label={`${household.name} — ${product.name}`}
                        value={sheet.cells[key]}
                        disabled={!canWriteRow(household.id)}
                        refusal={sheet.refusals[key]}
                        othersHere={othersAt(key)}
                        onCommit={(value) => sheet.setCells([[key, value]])}
                        onFocus={() => sheet.focusCell(key)}
                        onKeyDown={onKeyDown(row, column)}
                        onPaste={onPaste(row, column)}
                      />
                    </td>
                  );
                })}
                <td data-testid={`total-${household.id}`}>{formatCents(rowTotal(household.id))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('sheet.total')}</th>
              {columns.map((product) => {
                const pack = packLabel(product);
                return (
                  <td key={product.id}>
                    {quantityWithUnit(product, productQuantity(product.id))}
                    {pack ? (
                      <>
                        <br />
                        <small data-testid={`pack-${product.id}`}>{pack}</small>
                      </>
                    ) : null}
                  </td>
                );
              })}
              <td>{formatCents(props.households.reduce((sum, h) => sum + rowTotal(h.id), 0))}</td>
            </tr>
          </tfoot>
        </table>
      </div>

      {phoneHousehold ? (
        <section className="sheet-phone" aria-label="Ma commande">
          {props.isCoordinator ? (
            <label>
              Foyer{' '}
              <select
                value={phoneHousehold}
                onChange={(event) => setPhoneHousehold(event.currentTarget.value)}
              >
                {props.households.map((h) => (
                  <option key={h.id} value={h.id}>
                    {h.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {producers.map((producer) => (
            <fieldset key={producer.id}>
              <legend>{producer.name}</legend>
              {minimumLabel(producer) ? (
                <p className="sheet-phone-pack">
                  {t('sheet.minimum.group', { label: minimumLabel(producer)! })}
                </p>
              ) : null}
              {producer.products.map((product) => {
                const key = cellKey(phoneHousehold, product.id);
                return (
                  <div key={product.id} className="sheet-phone-line">
                    <label htmlFor={`phone-${key}`}>
                      {product.name} <small>({priceLabel(product)})</small>
                    </label>
                    <QuantityInput
                      id={`phone-${key}`}
                      label={product.name}
                      value={sheet.cells[key]}
                      disabled={!canWriteRow(phoneHousehold)}
                      refusal={sheet.refusals[key]}
                      othersHere={othersAt(key)}
                      onCommit={(value) => sheet.setCells([[key, value]])}
                      onFocus={() => sheet.focusCell(key)}
                    />
                    {product.packMilli !== null ? (
                      <small className="sheet-phone-pack">
                        {t('sheet.pack.shared', {
                          pack: quantityWithUnit(product, product.packMilli),
                          state: packLabel(product)!,
                        })}
                      </small>
                    ) : null}
                  </div>
                );
              })}
            </fieldset>
          ))}
          <p>
            <strong>
              {t('sheet.yourTotal')} : {formatCents(rowTotal(phoneHousehold))}
            </strong>
            {countdown ? <> · {countdown}</> : null}
          </p>
        </section>
      ) : null}
    </div>
  );
}
