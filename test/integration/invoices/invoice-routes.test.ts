import { eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryRounds, organisations } from '#app/db/schema.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { lastDayOfMonth } from '#app/domain/invoicing/calendar-days.ts';
import { loader as householdPdfLoader } from '#app/routes/mes-factures.$invoiceId.pdf.tsx';
import { loader as householdListLoader } from '#app/routes/mes-factures.tsx';
import { loader as listLoader } from '#app/routes/o.$slug.factures._index.tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.factures.$invoiceId.pdf.tsx';
import {
  action as invoiceAction,
  loader as invoiceLoader,
} from '#app/routes/o.$slug.factures.$invoiceId.tsx';
import { loader as xmlLoader } from '#app/routes/o.$slug.factures.$invoiceId.xml.tsx';
import { loader as journalLoader } from '#app/routes/o.$slug.factures.journal[.csv].tsx';
import { loader as zipLoader } from '#app/routes/o.$slug.tournees.$roundId.factures[.zip].tsx';
import {
  action as facturationAction,
  loader as facturationLoader,
} from '#app/routes/o.$slug.tournees.$roundId_.facturation/route.tsx';
import { loader as progressLoader } from '#app/routes/o.$slug.tournees.$roundId_.facturation.progression.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { prepareValidationChain, validateInvoiceXml } from '#test/einvoice/validate.ts';
import { addMember, makeUser } from '#test/factories/index.ts';
import { makeGroup, makeProBuyer, makeRound, makeSeller } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { extractFacturxXml, readEmbeddedFiles } from '#test/utils/pdf.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

const { db } = setupTestDatabase();
expectEveryStoredInvoiceValid();
beforeAll(() => prepareValidationChain(), 600_000);

type Invoice = { id: string; number: string; buyer: string; isCreditNote: boolean };

const today = parisDayOf(new Date());
let slug: string;
let roundId: string;
let cookie: string;
let householdCookie: string;
let otherHouseholdCookie: string;
let lines: { chicken: string; carrots: string; yoghurt: string; proCarrots: string };

const facturation = (path = '') => `/o/${slug}/tournees/${roundId}/facturation${path}`;
const params = () => ({ slug, roundId });

async function loaderJson<T>(
  loader: Parameters<typeof call>[0],
  url: string,
  extra: Record<string, string> = {},
  as = cookie,
): Promise<T> {
  const response = await call(loader, {
    request: getRequest(url, as),
    params: { ...params(), ...extra },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function listedInvoices(): Promise<Invoice[]> {
  const data = await loaderJson<{ invoices: Invoice[] }>(facturationLoader, facturation());
  return data.invoices;
}

beforeAll(async () => {
  const { producerId, owner } = await makeSeller();
  const [producer] = await db()
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, producerId));
  slug = producer!.slug;
  cookie = await sessionCookieFor(owner.id);
  const { groupId } = await makeGroup(0);
  const householdUser = await makeUser();
  const { householdId } = await addMember({
    organisationId: groupId,
    user: householdUser,
    role: 'household',
  });
  householdCookie = await sessionCookieFor(householdUser.id);
  const otherUser = await makeUser();
  await addMember({ organisationId: groupId, user: otherUser, role: 'household' });
  otherHouseholdCookie = await sessionCookieFor(otherUser.id);
  const { buyerId } = await makeProBuyer();
  const round = await makeRound({
    producerId,
    // Delivered today: an invoice issued later than its legal due date is refused.
    deliveryOn: today,
    status: 'planned',
    orders: [
      {
        customer: { householdId: householdId! },
        stopOrganisationId: groupId,
        lines: [
          {
            name: 'Poulet fermier',
            isVariableWeight: true,
            quantityMilli: 1000,
            unitPriceCents: 1190,
          },
          { name: 'Carottes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 320 },
          { name: 'Yaourt nature', quantityMilli: 4000, unitPriceCents: 150 },
        ],
      },
      {
        customer: { organisationId: buyerId },
        stopOrganisationId: buyerId,
        lines: [{ name: 'Carottes', saleUnit: 'kg', quantityMilli: 10_000, unitPriceCents: 250 }],
      },
    ],
  });
  roundId = round.roundId;
  const [household, pro] = round.lineIds as [string[], string[]];
  lines = {
    chicken: household[0]!,
    carrots: household[1]!,
    yoghurt: household[2]!,
    proCarrots: pro[0]!,
  };
});

describe('livraison puis émission des factures d’une tournée', () => {
  const post = (fields: Record<string, string>) =>
    call(facturationAction, {
      request: postRequest(facturation(), fields, cookie),
      params: params(),
    });

  it('la page liste les lignes à livrer, la tournée est planifiée', async () => {
    const data = await loaderJson<{ round: { status: string }; lines: { id: string }[] }>(
      facturationLoader,
      facturation(),
    );
    expect(data.round.status).toBe('planned');
    expect(data.lines.map((line) => line.id).sort()).toEqual(Object.values(lines).sort());
  });

  it('un poids illisible est refusé sur sa ligne, rien n’est écrit', async () => {
    const response = await post({ intent: 'save-delivery', [`weight.${lines.chicken}`]: 'lourd' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { lineErrors: Record<string, string> };
    expect(body.lineErrors[lines.chicken]).toContain('Poids réel invalide');
  });

  it('clore la livraison sans le poids réel d’un produit au poids est refusé', async () => {
    const response = await post({ intent: 'mark-delivered' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: string[] };
    expect(body.problems.join(' ')).toContain('Poids réels à saisir');
  });

  it('poids réel 1,85 kg et yaourts manquants, puis tournée livrée', async () => {
    const response = await post({
      intent: 'mark-delivered',
      [`weight.${lines.chicken}`]: '1,85',
      [`missing.${lines.yoghurt}`]: 'on',
      [`delivered.${lines.proCarrots}`]: '9,5',
    });
    expect(response.status).toBe(302);
    const [round] = await db()
      .select({ status: deliveryRounds.status })
      .from(deliveryRounds)
      .where(eq(deliveryRounds.id, roundId));
    expect(round!.status).toBe('delivered');
  });

  it('« Émettre les factures » émet une facture par client, la progression est terminée', async () => {
    const response = await post({ intent: 'issue' });
    expect(response.status).toBe(302);
    const invoices = await listedInvoices();
    expect(invoices).toHaveLength(2);
    const progress = await loaderJson<{ progress: { state: string; done: number; total: number } }>(
      progressLoader,
      facturation('/progression'),
    );
    expect(progress.progress).toEqual({ state: 'finished', done: 2, total: 2 });
  });

  it('émettre une seconde fois n’écrit rien de nouveau', async () => {
    const response = await post({ intent: 'issue' });
    expect(response.status).toBe(302);
    expect(await listedInvoices()).toHaveLength(2);
  });

  it('le PDF Factur-X du professionnel porte le XML stocké, qui passe la chaîne officielle', async () => {
    const pro = (await listedInvoices()).find((invoice) => invoice.buyer.includes('Bistrot'))!;
    const pdf = await call(pdfLoader, {
      request: getRequest(`/o/${slug}/factures/${pro.id}/pdf`, cookie),
      params: { slug, invoiceId: pro.id },
    });
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(pdf.headers.get('Content-Disposition')).toContain(`${pro.number}.pdf`);
    const xml = await extractFacturxXml(new Uint8Array(await pdf.arrayBuffer()));
    const stored = await call(xmlLoader, {
      request: getRequest(`/o/${slug}/factures/${pro.id}/xml`, cookie),
      params: { slug, invoiceId: pro.id },
    });
    expect(xml).toBe(await stored.text());
    expect(await validateInvoiceXml(xml)).toEqual({ ok: true, failures: [] });
  });

  it('avoir partiel sur une ligne avec motif, puis visible sur la facture d’origine', async () => {
    const pro = (await listedInvoices()).find((invoice) => invoice.buyer.includes('Bistrot'))!;
    const missingReason = await call(invoiceAction, {
      request: postRequest(`/o/${slug}/factures/${pro.id}`, { mode: 'full', reason: ' ' }, cookie),
      params: { slug, invoiceId: pro.id },
    });
    expect(missingReason.status).toBe(400);
    const noLine = await call(invoiceAction, {
      request: postRequest(`/o/${slug}/factures/${pro.id}`, { mode: 'lines', reason: 'x' }, cookie),
      params: { slug, invoiceId: pro.id },
    });
    expect(noLine.status).toBe(400);

    const form = new URLSearchParams({ mode: 'lines', reason: 'carottes abîmées', line: '1' });
    form.set('quantity.1', '1,5');
    const response = await call(invoiceAction, {
      request: new Request(`http://localhost:3000/o/${slug}/factures/${pro.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
        body: form.toString(),
      }),
      params: { slug, invoiceId: pro.id },
    });
    expect(response.status).toBe(302);
    const creditNoteId = response.headers.get('Location')!.split('/').pop()!;
    const creditNote = await loaderJson<{
      title: string;
      precedingNumber: string;
      invoice: { gross: string };
      notes: string[];
    }>(invoiceLoader, `/o/${slug}/factures/${creditNoteId}`, { invoiceId: creditNoteId });
    expect(creditNote.title).toMatch(/^Avoir /);
    expect(creditNote.precedingNumber).toBe(pro.number);
    // 1.5 kg × 2.50 € = 3.75 € HT + 5.5 % = 3.96 € TTC.
    expect(creditNote.invoice.gross.replace(/\s/g, ' ')).toBe('3,96 €');
    expect(creditNote.notes).toContain('Motif de l’avoir : carottes abîmées');
    const original = await loaderJson<{ creditNotes: { id: string }[] }>(
      invoiceLoader,
      `/o/${slug}/factures/${pro.id}`,
      { invoiceId: pro.id },
    );
    expect(original.creditNotes.map((note) => note.id)).toEqual([creditNoteId]);
  });

  it('liste « Factures » filtrée par tournée, journal CSV et ZIP de la tournée', async () => {
    const list = await loaderJson<{ invoices: Invoice[] }>(
      listLoader,
      `/o/${slug}/factures?tournee=${roundId}`,
    );
    expect(list.invoices).toHaveLength(3);
    const numbers = list.invoices.map((invoice) => invoice.number);

    const csv = await call(journalLoader, {
      request: getRequest(`/o/${slug}/factures/journal.csv?tournee=${roundId}`, cookie),
      params: { slug },
    });
    const text = await csv.text();
    for (const number of numbers) {
      expect(text).toContain(number);
    }

    const zip = await call(zipLoader, {
      request: getRequest(`/o/${slug}/tournees/${roundId}/factures.zip`, cookie),
      params: params(),
    });
    expect(zip.headers.get('Content-Type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(
      [...numbers.map((number) => `${number}.pdf`), 'journal-des-ventes.csv'].sort(),
    );
  });

  it('e-reporting B2C du mois : le foyer seul, par taux', async () => {
    const data = await loaderJson<{
      eReporting: {
        error: string | null;
        summary: { perRate: { rate: string }[]; days: unknown[] };
      };
    }>(facturationLoader, facturation(`?du=${today.slice(0, 7)}-01&au=${lastDayOfMonth(today)}`));
    expect(data.eReporting.error).toBeNull();
    expect(data.eReporting.summary.perRate.map((row) => row.rate.replace(/\s/g, ' '))).toEqual([
      '5,5 %',
    ]);
    expect(data.eReporting.summary.days).toHaveLength(1);
  });

  it('une période inversée est refusée avec un message clair', async () => {
    const data = await loaderJson<{ eReporting: { error: string | null } }>(
      facturationLoader,
      facturation('?du=2026-09-30&au=2026-09-01'),
    );
    expect(data.eReporting.error).toContain('Période invalide');
  });
});

describe('« Mes factures » d’un foyer', () => {
  it('le foyer voit sa facture et télécharge son PDF (sans XML) ; l’autre foyer, rien', async () => {
    const mine = await loaderJson<{ invoices: { id: string; pdf: string }[] }>(
      householdListLoader,
      '/mes-factures',
      {},
      householdCookie,
    );
    expect(mine.invoices).toHaveLength(1);
    const id = mine.invoices[0]!.id;
    const pdf = await call(householdPdfLoader, {
      request: getRequest(`/mes-factures/${id}/pdf`, householdCookie),
      params: { invoiceId: id },
    });
    expect(pdf.status).toBe(200);
    expect(await readEmbeddedFiles(new Uint8Array(await pdf.arrayBuffer()))).toEqual([]);

    const others = await loaderJson<{ invoices: unknown[] }>(
      householdListLoader,
      '/mes-factures',
      {},
      otherHouseholdCookie,
    );
    expect(others.invoices).toEqual([]);
    const foreign = await call(householdPdfLoader, {
      request: getRequest(`/mes-factures/${id}/pdf`, otherHouseholdCookie),
      params: { invoiceId: id },
    });
    expect(foreign.status).toBe(404);
  });
});
