import { getSql } from '#app/db/client.server.ts';
import { transferReferenceOf } from '#app/models/payment-ledger.server.ts';
import { DEMO_INVOICED_ROUND } from './demo-invoices.server.ts';
import { demoCellsUpdate } from './demo-sheets.server.ts';

export const DEMO_PAID_SHEET_TITLE = 'Commande du 10 novembre';

/**
 * Payments of the demo (issue 5): the invoiced round's stop at « Voisins de la Croix-Rousse »
 * becomes a closed sheet (its grid shows what each household ordered), then Dupont has paid
 * online (an online-like record: Cabas does not call Stripe for the demo), Nguyen in cash at
 * the pickup, Benali part of it by bank transfer with its CABAS reference, and Garcia not yet.
 * The farm shows its bank details. Runs after the invoices seed; idempotent.
 */
export async function seedDemoPayments(): Promise<{ sheetId: string | null }> {
  const sql = getSql();
  const [context] = await sql<
    {
      group_id: string;
      farm_id: string;
      round_id: string;
      stop_id: string;
      deadline: Date | string;
      coordinator_id: string | null;
    }[]
  >`
    select g.id as group_id, f.id as farm_id, r.id as round_id, st.id as stop_id,
           st.order_deadline_at as deadline,
           (select id from auth.users where email = 'coordinatrice@demo.cabas.fr') as coordinator_id
    from organisations g
    join round_stops st on st.organisation_id = g.id
    join delivery_rounds r on r.id = st.round_id and r.title = ${DEMO_INVOICED_ROUND.title}
    join organisations f on f.id = r.producer_id
    where g.slug = 'voisins-de-la-croix-rousse'
      and not exists (select 1 from sheet_stops ss where ss.stop_id = st.id)`;
  if (!context) {
    return { sheetId: null };
  }
  return sql.begin(async (tx) => {
    const deadline = new Date(context.deadline).toISOString();
    const [sheet] = await tx<{ id: string }[]>`
      insert into sheets (group_id, title, deadline_at, status, closed_at, closed_by, created_by, created_at)
      values (${context.group_id}, ${DEMO_PAID_SHEET_TITLE}, ${deadline}::timestamptz, 'closed',
              ${deadline}::timestamptz, ${context.coordinator_id}, ${context.coordinator_id},
              ${deadline}::timestamptz - interval '5 days')
      returning id`;
    const sheetId = sheet!.id;
    await tx`insert into sheet_stops (sheet_id, stop_id) values (${sheetId}, ${context.stop_id})`;
    // The round's offers and the sheet's cells, as the live sheet would have left them.
    await tx`
      insert into round_offers (round_id, product_id)
      select distinct ${context.round_id}::uuid, l.product_id from order_lines l
      join orders o on o.id = l.order_id where o.stop_id = ${context.stop_id}
      on conflict (round_id, product_id) do nothing`;
    await tx`
      insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli, updated_at)
      select ${sheetId}::uuid, o.household_id, l.product_id, ro.id, l.quantity_milli, ${deadline}::timestamptz
      from orders o join order_lines l on l.order_id = o.id
      join round_offers ro on ro.round_id = o.round_id and ro.product_id = l.product_id
      where o.stop_id = ${context.stop_id} and o.household_id is not null and l.quantity_milli > 0`;
    // And its live document, which the (read-only) grid syncs from.
    const cells = await tx<{ household_id: string; product_id: string; quantity_milli: number }[]>`
      select household_id, product_id, quantity_milli from sheet_cells where sheet_id = ${sheetId}`;
    await tx`insert into sheet_updates (sheet_id, update, kind)
      values (${sheetId}, ${demoCellsUpdate(cells)}, 'server')`;
    await tx`
      insert into producer_payment_settings (producer_id, transfer_holder, transfer_iban, transfer_bic)
      values (${context.farm_id}, 'GAEC des Quatre Saisons', 'FR7630006000011234567890189', 'AGRIFRPP839')
      on conflict (producer_id) do nothing`;
    const invoices = await tx<{ household_id: string; name: string; gross_total_cents: number }[]>`
      select i.household_id, h.name, i.gross_total_cents from invoices i
      join households h on h.id = i.household_id
      where i.round_id = ${context.round_id} and i.type_code = '380'`;
    const paid = new Map(invoices.map((invoice) => [invoice.name, invoice]));
    const record = async (
      name: string,
      method: 'card' | 'cash' | 'transfer',
      cents: (gross: number) => number,
    ) => {
      const invoice = paid.get(name);
      if (!invoice) {
        return;
      }
      const amount = cents(invoice.gross_total_cents);
      const reference =
        method === 'transfer'
          ? transferReferenceOf(sheetId, invoice.household_id)
          : method === 'card'
            ? 'Paiement en ligne (démonstration)'
            : null;
      const [payment] = await tx<{ id: string }[]>`
        insert into payments (sheet_id, household_id, method, status, amount_cents, reference,
          received_on, recorded_by, paid_at, created_at)
        values (${sheetId}, ${invoice.household_id}, ${method}, 'succeeded', ${amount}, ${reference},
                ${method === 'card' ? null : DEMO_INVOICED_ROUND.deliveryOn}::date,
                ${method === 'card' ? null : context.coordinator_id},
                ${`${DEMO_INVOICED_ROUND.deliveryOn}T17:30:00Z`}::timestamptz,
                ${`${DEMO_INVOICED_ROUND.deliveryOn}T17:30:00Z`}::timestamptz)
        returning id`;
      await tx`insert into payment_allocations (payment_id, producer_id, amount_cents, stripe_account_id)
        values (${payment!.id}, ${context.farm_id}, ${amount}, ${method === 'card' ? 'acct_demo' : null})`;
      if (method === 'card') {
        await tx`insert into payment_transfers (payment_id, producer_id, amount_cents, stripe_account_id,
            status, stripe_transfer_id, attempts)
          values (${payment!.id}, ${context.farm_id}, ${amount}, 'acct_demo', 'succeeded',
                  ${`tr_demo_${payment!.id.slice(0, 8)}`}, 1)`;
      }
    };
    await record('Dupont', 'card', (gross) => gross);
    await record('Nguyen', 'cash', (gross) => gross);
    await record('Benali', 'transfer', () => 1000);
    return { sheetId };
  }) as Promise<{ sheetId: string | null }>;
}
