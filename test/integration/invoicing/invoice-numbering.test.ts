import { beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, getDb, getSql } from '#app/db/client.server.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';
import { allocateInvoiceNumbers } from '#app/models/invoice-numbering.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { prepareValidationChain, validateInvoiceXmls } from '#test/einvoice/validate.ts';
import { makeGroup, makeProBuyer, makeRound, makeSeller } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

const database = setupTestDatabase();
expectEveryStoredInvoiceValid();
beforeAll(() => prepareValidationChain(), 600_000);

async function numbersOf(issuerId: string, series = 'F'): Promise<number[]> {
  const rows = await getSql()<{ number: number }[]>`
    select number from invoices where issuer_id = ${issuerId} and series = ${series} order by number`;
  return rows.map((row) => row.number);
}

async function writesOf(issuerId: string) {
  const [row] = await getSql()<{ invoices: number; series: number; lines: number }[]>`
    select (select count(*)::int from invoices where issuer_id = ${issuerId}) as invoices,
           (select count(*)::int from invoice_series where issuer_id = ${issuerId}) as series,
           (select count(*)::int from invoice_lines l join invoices i on i.id = l.invoice_id
             where i.issuer_id = ${issuerId}) as lines`;
  return row;
}

const range = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

async function oneHouseholdRound(
  producerId: string,
  options: { deliveryOn?: string; status?: 'planned' | 'delivered' } = {},
) {
  const { groupId, householdIds } = await makeGroup(1);
  return makeRound({
    producerId,
    ...options,
    orders: [
      {
        customer: { householdId: householdIds[0]! },
        stopOrganisationId: groupId,
        lines: [{ name: 'Pommes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 290 }],
      },
    ],
  });
}

describe('numérotation concurrente', () => {
  beforeAll(async () => {
    // A pool of 20 connections: the 20 issues below really run at the same time.
    const previous = getSql();
    connectDatabase(database.url(), { max: 20 });
    await previous.end();
  });

  it('20 émissions simultanées d’un même vendeur : numéros uniques, sans trou', async () => {
    const { producerId } = await makeSeller();
    const rounds = [];
    for (const _ of range(20)) {
      rounds.push(await oneHouseholdRound(producerId));
    }
    const results = await Promise.all(
      rounds.map(({ roundId }) =>
        issueRoundInvoices({ roundId, producerId, issueDate: '2026-09-15', actorId: null }),
      ),
    );
    expect(results.every((result) => result.ok && result.status === 'issued')).toBe(true);
    expect(await numbersOf(producerId)).toEqual(range(20));
    const [counter] = await getSql()`
      select next_number from invoice_series where issuer_id = ${producerId} and series = 'F'`;
    expect(counter?.next_number).toBe(21);

    const rows = await getSql()<{ display_number: string; cii_xml: string }[]>`
      select display_number, cii_xml from invoices where issuer_id = ${producerId} order by number`;
    expect(rows.map((row) => row.display_number)).toEqual(
      range(20).map((n) => `F2026-${String(n).padStart(6, '0')}`),
    );
    // The 20 documents differ only by number and buyer: the first and the last stand for all
    // (each chain run costs about a second on this machine).
    const reports = await validateInvoiceXmls([rows[0]!.cii_xml, rows[19]!.cii_xml]);
    expect(reports.flatMap((report) => report.failures)).toEqual([]);
  });

  it('5 émissions simultanées de la même tournée : une seule émet, les autres le disent', async () => {
    const { producerId } = await makeSeller();
    const { roundId } = await oneHouseholdRound(producerId);
    const results = await Promise.all(
      range(5).map(() =>
        issueRoundInvoices({ roundId, producerId, issueDate: '2026-09-15', actorId: null }),
      ),
    );
    const statuses = results.map((result) => (result.ok ? result.status : result.code)).sort();
    expect(statuses).toEqual([
      'already_issued',
      'already_issued',
      'already_issued',
      'already_issued',
      'issued',
    ]);
    expect(await numbersOf(producerId)).toEqual([1]);
  });
});

describe('transactions annulées', () => {
  it('une émission refusée après l’attribution du numéro ne laisse pas de trou', async () => {
    const { producerId } = await makeSeller();
    const first = await oneHouseholdRound(producerId, { deliveryOn: '2026-09-10' });
    expect(
      await issueRoundInvoices({ ...first, producerId, issueDate: '2026-09-12', actorId: null }),
    ).toMatchObject({ ok: true });
    // Delivered after the issue date: refused by buildInvoiceSnapshot, once numbers are taken.
    const late = await oneHouseholdRound(producerId, { deliveryOn: '2026-09-20' });
    const refused = await issueRoundInvoices({
      ...late,
      producerId,
      issueDate: '2026-09-13',
      actorId: null,
    });
    expect(refused).toMatchObject({ ok: false, code: 'invoice_invalid' });
    const next = await oneHouseholdRound(producerId, { deliveryOn: '2026-09-10' });
    expect(
      await issueRoundInvoices({ ...next, producerId, issueDate: '2026-09-13', actorId: null }),
    ).toMatchObject({ ok: true });
    expect(await numbersOf(producerId)).toEqual([1, 2]);
  });

  it('un numéro attribué dans une transaction qui échoue est rendu', async () => {
    const { producerId } = await makeSeller();
    await expect(
      getDb().transaction(async (tx) => {
        const allocated = await allocateInvoiceNumbers(tx, {
          issuerId: producerId,
          series: 'F',
          issueDate: '2026-09-15',
          count: 3,
        });
        expect(allocated).toMatchObject({
          ok: true,
          numbers: [{ number: 1 }, { number: 2 }, { number: 3 }],
        });
        throw new Error('panne');
      }),
    ).rejects.toThrow('panne');
    const result = await getDb().transaction((tx) =>
      allocateInvoiceNumbers(tx, {
        issuerId: producerId,
        series: 'F',
        issueDate: '2026-09-15',
        count: 1,
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      numbers: [{ number: 1, displayNumber: 'F2026-000001' }],
    });
  });

  it('refuse une date antérieure à la dernière pièce de la série (chronologie)', async () => {
    const { producerId } = await makeSeller();
    const first = await oneHouseholdRound(producerId, { deliveryOn: '2026-09-10' });
    await issueRoundInvoices({ ...first, producerId, issueDate: '2026-09-15', actorId: null });
    const second = await oneHouseholdRound(producerId, { deliveryOn: '2026-09-10' });
    const result = await issueRoundInvoices({
      ...second,
      producerId,
      issueDate: '2026-09-14',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'not_chronological' });
    expect(result.ok ? '' : result.message).toMatch(/2026-09-15/);
    expect(await numbersOf(producerId)).toEqual([1]);
  });

  it('le compteur ne recule jamais', async () => {
    const { producerId } = await makeSeller();
    await getDb().transaction((tx) =>
      allocateInvoiceNumbers(tx, {
        issuerId: producerId,
        series: 'F',
        issueDate: '2026-09-15',
        count: 2,
      }),
    );
    await expect(
      getSql()`update invoice_series set next_number = 1 where issuer_id = ${producerId}`,
    ).rejects.toThrow(/ne recule jamais/);
    await expect(
      getSql()`delete from invoice_series where issuer_id = ${producerId}`,
    ).rejects.toThrow(/ne recule jamais/);
  });
});

describe('refus : rien n’est écrit', () => {
  it.each([
    [
      'tournée pas encore livrée',
      async (producerId: string) => oneHouseholdRound(producerId, { status: 'planned' }),
      'round_not_delivered',
      /pas encore livrée/,
    ],
    [
      'produit au poids sans poids réel',
      async (producerId: string) => {
        const { groupId, householdIds } = await makeGroup(1);
        return makeRound({
          producerId,
          orders: [
            {
              customer: { householdId: householdIds[0]! },
              stopOrganisationId: groupId,
              lines: [
                { name: 'Pommes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 290 },
                {
                  name: 'Rôti de porc',
                  isVariableWeight: true,
                  quantityMilli: 1000,
                  unitPriceCents: 1890,
                },
              ],
            },
          ],
        });
      },
      'invalid_round_data',
      /« Rôti de porc » est vendu au poids : saisissez le poids réel/,
    ],
    [
      'acheteur professionnel sans SIREN',
      async (producerId: string) => {
        const { buyerId } = await makeProBuyer();
        await getSql()`update organisations set siren = null, siret = null where id = ${buyerId}`;
        return makeRound({
          producerId,
          orders: [
            {
              customer: { organisationId: buyerId },
              stopOrganisationId: buyerId,
              lines: [{ name: 'Pommes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 290 }],
            },
          ],
        });
      },
      'invalid_round_data',
      /Identité du client « .* » incomplète pour facturer : SIREN/,
    ],
    [
      'rien de livré (tout en rupture)',
      async (producerId: string) => {
        const { groupId, householdIds } = await makeGroup(1);
        return makeRound({
          producerId,
          orders: [
            {
              customer: { householdId: householdIds[0]! },
              stopOrganisationId: groupId,
              lines: [
                {
                  name: 'Pommes',
                  saleUnit: 'kg',
                  quantityMilli: 2000,
                  deliveredQuantityMilli: 0,
                  unitPriceCents: 290,
                },
              ],
            },
          ],
        });
      },
      'nothing_to_invoice',
      /Rien à facturer/,
    ],
  ])('%s', async (_label, build, code, message) => {
    const { producerId } = await makeSeller();
    const { roundId } = await build(producerId);
    const result = await issueRoundInvoices({
      roundId,
      producerId,
      issueDate: '2026-09-15',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).toMatch(message);
    expect(await writesOf(producerId)).toEqual({ invoices: 0, series: 0, lines: 0 });
    const [round] = await getSql()`select status from delivery_rounds where id = ${roundId}`;
    expect(['planned', 'delivered']).toContain(round?.status);
  });

  it('vendeur sans SIREN ni TVA : refusé, tout ce qui manque est listé', async () => {
    const { producerId } = await makeSeller({ identity: 'none' });
    const { roundId } = await oneHouseholdRound(producerId);
    const result = await issueRoundInvoices({
      roundId,
      producerId,
      issueDate: '2026-09-15',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_round_data' });
    expect(result.ok ? '' : result.message).toMatch(
      /incomplète pour facturer : SIREN, numéro de TVA intracommunautaire, adresse complète, régime de TVA/,
    );
    expect(await writesOf(producerId)).toEqual({ invoices: 0, series: 0, lines: 0 });
  });
});
