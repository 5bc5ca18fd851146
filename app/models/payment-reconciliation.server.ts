// Expected vs received per producer and household (ADR 012): the ledger of every sheet in scope
// as rows, for the reconciliation page and its CSV export.
import { getSql } from '#app/db/client.server.ts';
import type { IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import {
  type ReconciliationRow,
  reconciliationToCsv,
} from '#app/domain/payments/reconciliation.ts';
import { ReconciliationFiltersSchema } from '#app/domain/payments/schemas.ts';
import { loadSheetLedgers, type SheetLedger } from './payment-ledger.server.ts';

export type ReconciliationScope =
  | { kind: 'producer'; producerId: string; roundId?: string; from?: IsoDate; to?: IsoDate }
  | { kind: 'group'; groupId: string; sheetId?: string; from?: IsoDate; to?: IsoDate };

async function sheetIdsOf(scope: ReconciliationScope): Promise<string[]> {
  const sql = getSql();
  const period = sql`
    ${scope.from ? sql`and r.delivery_on >= ${scope.from}::date` : sql``}
    ${scope.to ? sql`and r.delivery_on <= ${scope.to}::date` : sql``}`;
  const rows =
    scope.kind === 'producer'
      ? await sql<{ id: string }[]>`
          select distinct ss.sheet_id as id from sheet_stops ss
          join round_stops st on st.id = ss.stop_id
          join delivery_rounds r on r.id = st.round_id
          join sheets s on s.id = ss.sheet_id and s.status = 'closed'
          where r.producer_id = ${scope.producerId} and r.status <> 'cancelled'
            ${scope.roundId ? sql`and r.id = ${scope.roundId}` : sql``} ${period}`
      : await sql<{ id: string }[]>`
          select distinct s.id from sheets s
          join sheet_stops ss on ss.sheet_id = s.id
          join round_stops st on st.id = ss.stop_id
          join delivery_rounds r on r.id = st.round_id
          where s.group_id = ${scope.groupId} and s.status = 'closed'
            ${scope.sheetId ? sql`and s.id = ${scope.sheetId}` : sql``} ${period}`;
  return rows.map((row) => row.id);
}

function rowsOf(ledger: SheetLedger): ReconciliationRow[] {
  const households = new Map(ledger.households.map((household) => [household.id, household]));
  const producers = new Map(ledger.producers.map((producer) => [producer.id, producer.name]));
  return ledger.parts
    .map((part) => ({
      deliveryOn: ledger.sheet.deliveryOn,
      groupName: ledger.sheet.groupName,
      sheetTitle: ledger.sheet.title,
      householdName: households.get(part.householdId)?.name ?? '—',
      producerName: producers.get(part.producerId) ?? '—',
      transferReference: households.get(part.householdId)?.transferReference ?? '',
      invoiceNumbers: part.due.invoices.map((invoice) => invoice.number),
      dueBasis: part.due.basis,
      dueCents: part.amounts.dueCents,
      cardCents: part.byMethod.card,
      cashCents: part.byMethod.cash,
      chequeCents: part.byMethod.cheque,
      transferCents: part.byMethod.transfer,
      refundedCents: part.amounts.refundedCents,
      pendingCents: part.amounts.pendingCents,
      transferredCents: part.transferredCents,
    }))
    .sort(
      (a, b) =>
        a.householdName.localeCompare(b.householdName, 'fr') ||
        a.producerName.localeCompare(b.producerName, 'fr'),
    );
}

export async function loadReconciliation(scope: ReconciliationScope) {
  const sheetIds = await sheetIdsOf(scope);
  const ledgers = await loadSheetLedgers({
    sheetIds,
    ...(scope.kind === 'producer' ? { producerId: scope.producerId } : {}),
  });
  ledgers.sort(
    (a, b) =>
      b.sheet.deliveryOn.localeCompare(a.sheet.deliveryOn) ||
      a.sheet.title.localeCompare(b.sheet.title),
  );
  return { ledgers, rows: ledgers.flatMap(rowsOf) };
}

export async function exportReconciliationCsv(scope: ReconciliationScope): Promise<string> {
  const { rows } = await loadReconciliation(scope);
  return reconciliationToCsv(rows);
}

/** The scope of a reconciliation request from its organisation and `?tournee|feuille|du|au`. */
export function reconciliationScopeOf(
  organisation: { id: string; kind: string },
  params: URLSearchParams,
): { ok: true; scope: ReconciliationScope } | { ok: false; errors: string[] } {
  const parsed = ReconciliationFiltersSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    return { ok: false, errors: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  }
  const { tournee, feuille, du, au } = parsed.data;
  const period = { ...(du ? { from: du } : {}), ...(au ? { to: au } : {}) };
  return {
    ok: true,
    scope:
      organisation.kind === 'producer'
        ? {
            kind: 'producer',
            producerId: organisation.id,
            ...(tournee ? { roundId: tournee } : {}),
            ...period,
          }
        : {
            kind: 'group',
            groupId: organisation.id,
            ...(feuille ? { sheetId: feuille } : {}),
            ...period,
          },
  };
}
