/**
 * Bench: issuing the invoices of a 1,000-customer round (numbers, snapshots, lines, CII XML, one
 * transaction) — target ≤ 10 s on a 2-core machine. Runs on a fresh database: on the server of
 * BENCH_DATABASE_URL (a URL allowed to CREATE DATABASE), else on an embedded PostgreSQL 15 in a
 * temporary folder. `npx tsx bench/invoices.ts` runs it alone; the bench runner calls `run()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectDatabase, createSql, disconnectDatabase, getSql } from '#app/db/client.server.ts';
import { startEmbeddedDatabase } from '#app/db/embedded.server.ts';
import { migrate } from '#app/db/migrate.server.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';

const CUSTOMERS = 1000;
/** One customer in twenty is a professional buyer (B2B), the others households (B2C). */
const PRO_EVERY = 20;

async function openBenchDatabase(): Promise<{ url: string; close: () => Promise<void> }> {
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-bench-'));
    const embedded = await startEmbeddedDatabase({ dataDir });
    adminUrl = embedded.url;
    stop = embedded.stop;
  }
  const name = `cabas_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    close: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stop?.();
      if (dataDir) {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A delivered round of one VAT-liable farm with CUSTOMERS orders of 4 lines, written in SQL. */
async function seedRound(): Promise<{ roundId: string; producerId: string }> {
  const sql = getSql();
  const [producer] = await sql<{ id: string }[]>`
    insert into organisations (kind, slug, name, legal_name, siren, siret, vat_number, vat_regime,
      address_line1, postal_code, city)
    values ('producer', 'ferme-bench', 'Ferme du Banc d’essai', 'EARL Ferme du Bocage', '900000019',
      '90000001900019', 'FR25900000019', 'liable', '1 chemin des Prés', '44000', 'Nantes')
    returning id`;
  const producerId = producer!.id;
  const [group] = await sql<{ id: string }[]>`
    insert into organisations (kind, slug, name, address_line1, postal_code, city)
    values ('group', 'voisins-bench', 'Voisins du Banc', '3 allée des Tilleuls', '44300', 'Nantes')
    returning id`;
  await sql`
    insert into organisations (kind, slug, name, legal_name, siren, vat_number, address_line1, postal_code, city)
    select 'buyer', 'resto-bench-' || i, 'Restaurant ' || i, 'SARL Le Bistrot du Port', '900000027',
           'FR49900000027', '5 quai de la Fosse', '44100', 'Nantes'
      from generate_series(1, ${CUSTOMERS / PRO_EVERY}) i`;
  await sql`
    insert into households (group_id, name)
    select ${group!.id}, 'Foyer ' || i from generate_series(1, ${CUSTOMERS - CUSTOMERS / PRO_EVERY}) i`;
  await sql`
    with people as (
      insert into auth.users (email, aud, role, raw_user_meta_data)
      select 'foyer' || h.name || '@bench.cabas.fr', 'authenticated', 'authenticated',
             jsonb_build_object('full_name', h.name)
        from households h where h.group_id = ${group!.id}
      returning id, email)
    insert into memberships (organisation_id, user_id, role, household_id)
    select ${group!.id}, p.id, 'household', h.id
      from people p join households h on 'foyer' || h.name || '@bench.cabas.fr' = p.email`;
  await sql`
    insert into products (producer_id, sku, name, egalim_category, sale_unit, is_variable_weight,
      estimated_weight_grams, step_milli, vat_rate_bp, consumer_price_gross_cents, pro_price_net_cents)
    values (${producerId}, 'CAR', 'Carottes', 'fruit_vegetable', 'kg', false, null, 500, 550, 290, 240),
           (${producerId}, 'POU', 'Poulet fermier', 'other', 'kg', true, 1800, 1000, 550, 1290, 1100),
           (${producerId}, 'OEU', 'Œufs plein air', 'egg', 'box', false, null, 1000, 550, 390, 320),
           (${producerId}, 'FLE', 'Bouquet de fleurs', 'other', 'piece', false, null, 1000, 1000, 800, 650)`;
  const [round] = await sql<{ id: string }[]>`
    insert into delivery_rounds (producer_id, delivery_on, title, status)
    values (${producerId}, '2026-09-14', 'Tournée de 1 000 clients', 'delivered') returning id`;
  const roundId = round!.id;
  await sql`
    insert into round_stops (round_id, position, organisation_id, order_deadline_at)
    select ${roundId}, (row_number() over (order by id))::int, id, '2026-09-12T18:00:00Z'
      from organisations where id = ${group!.id} or kind = 'buyer'`;
  await sql`
    insert into orders (round_id, stop_id, seller_id, household_id, customer_organisation_id, source, status)
    select ${roundId}::uuid, s.id, ${producerId}::uuid, h.id, null::uuid,
           'sheet'::order_source, 'confirmed'::order_status
      from households h join round_stops s on s.organisation_id = h.group_id and s.round_id = ${roundId}
    union all
    select ${roundId}::uuid, s.id, ${producerId}::uuid, null, s.organisation_id,
           'pro'::order_source, 'confirmed'::order_status
      from round_stops s join organisations o on o.id = s.organisation_id
     where s.round_id = ${roundId} and o.kind = 'buyer'`;
  await sql`
    insert into order_lines (order_id, product_id, product_name, sale_unit, is_variable_weight,
      estimated_weight_grams, quantity_milli, delivered_quantity_milli, actual_weight_grams,
      price_basis, unit_price_cents, vat_rate_bp, egalim_category)
    select o.id, p.id, p.name, p.sale_unit, p.is_variable_weight, p.estimated_weight_grams,
           case p.sku when 'CAR' then 1500 + (random() * 4)::int * 500 else 1000 end,
           case when p.sku = 'OEU' and random() < 0.1 then 0 end,
           case when p.is_variable_weight then 1500 + (random() * 800)::int end,
           case when o.household_id is null then 'net' else 'gross' end,
           case when o.household_id is null then p.pro_price_net_cents else p.consumer_price_gross_cents end,
           p.vat_rate_bp, p.egalim_category
      from orders o cross join products p
     where o.round_id = ${roundId}`;
  await sql`analyze`;
  return { roundId, producerId };
}

export async function run(): Promise<{ lines: string[] }> {
  const database = await openBenchDatabase();
  try {
    connectDatabase(database.url, { max: 4 });
    await migrate(getSql());
    const { roundId, producerId } = await seedRound();
    const started = performance.now();
    const result = await issueRoundInvoices({
      roundId,
      producerId,
      issueDate: '2026-09-15',
      actorId: null,
    });
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok || result.invoices.length !== CUSTOMERS) {
      throw new Error(`bench invoices: ${result.ok ? result.invoices.length : result.message}`);
    }
    const [lines] = await getSql()<{ n: number }[]>`select count(*)::int as n from invoice_lines`;
    return {
      lines: [
        `invoices issue_round_1000 seconds=${seconds.toFixed(2)} invoices=${result.invoices.length} lines=${lines?.n ?? 0}`,
      ],
    };
  } finally {
    await disconnectDatabase();
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { lines } = await run();
  for (const line of lines) {
    console.log(line);
  }
}
