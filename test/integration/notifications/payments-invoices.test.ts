import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { issueCreditNote } from '#app/models/invoice.server.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import { setNotificationOptOuts } from '#app/models/notification-preferences.server.ts';
import { cancelManualPayment, recordManualPayment } from '#app/models/payment.server.ts';
import { refundCreditNote, settleRoundAfterInvoicing } from '#app/models/payment-refund.server.ts';
import {
  type ClosedSheet,
  connectProducer,
  deliverAndInvoice,
  ISSUE_DAY,
  makeClosedSheet,
  payShare,
  setupStripeFake,
} from '#test/integration/payments/harness.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { APP_URL, notificationRows, plain, setupSmtp } from './harness.ts';

setupTestDatabase();
const fake = setupStripeFake();
const { smtp, mailer } = setupSmtp();

let sheet: ClosedSheet;
const member = (household: number) => sheet.households[household]!.user;
const mailsOf = (household: number) =>
  smtp()
    .mailsTo(member(household).email)
    .map((mail) => ({ subject: plain(mail.subject), text: plain(mail.text) }));

async function dispatch() {
  smtp().mails.splice(0);
  return sendDueNotifications({ mailer: mailer() });
}

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [
      { key: 'ferme', products: [{ key: 'panier', name: 'Panier de légumes', grossCents: 1500 }] },
      {
        key: 'chevrerie',
        vatRegime: 'flat_rate',
        products: [{ key: 'crottin', name: 'Crottin de chèvre', grossCents: 350 }],
      },
    ],
    households: 2,
    cells: [
      [0, 'panier', 2000],
      [0, 'crottin', 3000],
      [1, 'crottin', 2000],
    ],
  });
  for (const key of ['ferme', 'chevrerie']) {
    const producer = sheet.producers.get(key)!;
    await connectProducer(fake(), producer.producerId, producer.ownerId);
  }
});

describe('paiement en ligne, remboursements, factures et avoirs', () => {
  it('part à payer : chaque foyer, avec le montant par producteur', async () => {
    expect(await dispatch()).toMatchObject({ sent: 2 });
    const [mail] = mailsOf(0);
    expect(mail!.subject).toBe('Cabas — Votre part est à payer : Commande de la semaine (40,50 €)');
    expect(mail!.text).toContain('Payer en ligne, à la livraison ou par virement');
    expect(mail!.text).toMatch(/\n {2}- Ferme du Test .+ : 30,00 €\n/);
    expect(mail!.text).toMatch(/\n {2}- Ferme du Test .+ : 10,50 €\n/);
  });

  it('paiement par carte reçu : un reçu au payeur, un seul malgré le webhook rejoué', async () => {
    const sessionId = await payShare(fake(), sheet, 0);
    const completed = fake()
      .state()
      .events.find((event) => event.type === 'checkout.session.completed')!;
    // The same event delivered again, and another event saying the same session is paid.
    expect(await fake().redeliver(completed.id)).toBe(200);
    const session = fake()
      .state()
      .sessions.find((candidate) => candidate.id === sessionId)!;
    expect(await fake().sendEvent('checkout.session.completed', session)).toBe(200);
    const receipts = await notificationRows({ kind: 'payment_receipt' });
    expect(receipts.map((row) => row.user_id)).toEqual([member(0).id]);

    expect(await dispatch()).toMatchObject({ sent: 1 });
    const [receipt] = mailsOf(0);
    expect(receipt!.subject).toBe('Cabas — Reçu : paiement de 40,50 € reçu');
    expect(receipt!.text).toContain('Chaque producteur reçoit directement sa part.');
    expect(receipt!.text).toContain(`${APP_URL}/o/`);
  });

  it('factures émises : « votre facture est disponible » ; trop-perçu remboursé : l’avis avec le motif', async () => {
    // Household 1 turned every optional mail off: the invoice still comes (legal weight).
    await setNotificationOptOuts({
      userId: member(1).id,
      disabled: ['share_payable', 'reminders', 'payment_receipt'],
    });
    const ferme = sheet.producers.get('ferme')!;
    const [organisation] = await getSql()<{ name: string }[]>`
      select name from organisations where id = ${ferme.producerId}`;
    const fermeName = organisation!.name;
    // One basket of the two was missing: the invoice is 15 €, 15 € paid too much by card.
    const [invoice] = await deliverAndInvoice(sheet, 'ferme', [
      { household: 0, product: 'panier', delivered: 1000 },
    ]);
    const settled = await settleRoundAfterInvoicing({
      roundId: ferme.roundId,
      producerId: ferme.producerId,
      actorId: ferme.ownerId,
    });
    expect(settled).toMatchObject({ planned: 1, failures: [] });
    expect(await dispatch()).toMatchObject({ sent: 2 });
    const subjects = mailsOf(0).map((mail) => mail.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        `Cabas — Votre facture est disponible : ${invoice!.displayNumber} (${fermeName})`,
        `Cabas — Remboursement de 15,00 € — ${fermeName}`,
      ]),
    );
    const refund = mailsOf(0).find((mail) => mail.subject.includes('Remboursement'))!;
    expect(refund.text).toContain('sur la carte utilisée pour payer');
    expect(refund.text).toContain('Motif : trop-perçu');
    const available = mailsOf(0).find((mail) => mail.subject.includes('facture'))!;
    expect(available.text).toContain(`${APP_URL}/mes-factures`);
    expect(available.text).toContain(invoice!.displayNumber);
    expect(available.text).not.toContain('/compte');

    const chevrerie = await deliverAndInvoice(sheet, 'chevrerie', []);
    expect(chevrerie).toHaveLength(2);
    expect(await dispatch()).toMatchObject({ sent: 2 });
    expect(mailsOf(1).map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Cabas — Votre facture est disponible/),
    ]);
  });

  it('avoir émis pour un foyer : « un avoir a été émis » et, payé par carte, le remboursement lié', async () => {
    const chevrerie = sheet.producers.get('chevrerie')!;
    const invoices = await getSql()<{ id: string; household_id: string }[]>`
      select id, household_id from invoices
      where issuer_id = ${chevrerie.producerId} and type_code = '380'`;
    const byHousehold = (household: number) =>
      invoices.find((row) => row.household_id === sheet.households[household]!.householdId)!.id;
    const credited = [];
    for (const household of [0, 1]) {
      const issued = await issueCreditNote({
        invoiceId: byHousehold(household),
        producerId: chevrerie.producerId,
        selection: 'full',
        reason: 'fromages abîmés',
        actorId: chevrerie.ownerId,
        issueDate: ISSUE_DAY,
      });
      if (!issued.ok) {
        throw new Error(issued.message);
      }
      credited.push(issued.creditNote);
      await refundCreditNote({ creditNoteId: issued.creditNote.id, actorId: chevrerie.ownerId });
    }
    expect(await dispatch()).toMatchObject({ sent: 3 });
    const [unpaid] = mailsOf(1);
    expect(unpaid!.subject).toBe(
      `Cabas — Un avoir a été émis : ${credited[1]!.displayNumber} (${unpaid!.subject.match(/\((.+)\)$/)![1]})`,
    );
    expect(unpaid!.text).toContain('7,00 € TTC, sur la facture n°');
    expect(unpaid!.text).toContain('Motif : fromages abîmés.');
    expect(unpaid!.text).toContain(`${APP_URL}/mes-factures`);
    // Household 0 had paid its 10,50 € by card: refunded, the notice names the credit note.
    const paid = mailsOf(0);
    expect(paid.map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Cabas — Un avoir a été émis/),
        expect.stringMatching(/^Cabas — Remboursement de 10,50 €/),
      ]),
    );
    expect(paid.find((mail) => mail.subject.includes('Remboursement'))!.text).toContain(
      `Motif : avoir n° ${credited[0]!.displayNumber}`,
    );
  });

  it('aucun e-mail facultatif pour qui les a désactivés, les obligatoires toujours', async () => {
    const rows = await notificationRows();
    const kindsOf = (household: number) =>
      [
        ...new Set(
          rows.filter((row) => row.user_id === member(household).id).map((row) => row.kind),
        ),
      ].sort();
    expect(kindsOf(0)).toEqual([
      'credit_note_issued',
      'invoice_available',
      'payment_receipt',
      'refund_sent',
      'share_payable',
    ]);
    // Its share_payable was queued before it opted out and sent then; nothing optional since.
    expect(kindsOf(1)).toEqual(['credit_note_issued', 'invoice_available', 'share_payable']);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
  });
});

describe('paiements reçus à la main', () => {
  it('espèces enregistrées par le coordinateur : un reçu à chaque membre du foyer, pas au coordinateur ; un chèque annulé avant l’envoi n’en a pas', async () => {
    const own = await makeClosedSheet({
      producers: [
        { key: 'ferme', products: [{ key: 'panier', name: 'Panier', grossCents: 1500 }] },
      ],
      households: 2,
      cells: [
        [0, 'panier', 2000],
        [1, 'panier', 1000],
      ],
    });
    const actor = { userId: own.coordinator.id, kind: 'group' as const, groupId: own.group.id };
    const record = (household: number, method: 'cash' | 'cheque', reference: string | null) =>
      recordManualPayment({
        sheetId: own.sheetId,
        actor,
        input: {
          householdId: own.households[household]!.householdId,
          producerId: 'all',
          method,
          amount: null,
          reference,
          receivedOn: '2026-12-03',
        },
        today: '2026-12-04',
      });
    const cash = await record(0, 'cash', null);
    const cheque = await record(1, 'cheque', 'n° 1234567');
    if (!cash.ok || !cheque.ok) {
      throw new Error('paiements refusés');
    }
    const receipts = (await notificationRows({ kind: 'payment_receipt' })).filter((row) =>
      [cash.paymentId, cheque.paymentId].includes(row.subject_id),
    );
    expect(receipts.map((row) => row.user_id).sort()).toEqual(
      [own.households[0]!.user.id, own.households[1]!.user.id].sort(),
    );
    expect(
      await cancelManualPayment({
        paymentId: cheque.paymentId,
        reason: 'chèque sans provision',
        actor,
      }),
    ).toMatchObject({ ok: true });

    await dispatch();
    const receiptsTo = (household: number) =>
      smtp()
        .mailsTo(own.households[household]!.user.email)
        .map((mail) => ({ subject: plain(mail.subject), text: plain(mail.text) }))
        .filter((mail) => mail.subject.startsWith('Cabas — Reçu'));
    const [receipt] = receiptsTo(0);
    expect(receipt!.subject).toBe('Cabas — Reçu : paiement de 30,00 € reçu');
    expect(receipt!.text).toContain(
      'Votre paiement en espèces de 30,00 €, reçu le 3 décembre 2026, pour la commande',
    );
    expect(receipt!.text).toContain('a été enregistré par Claire Coordinatrice.');
    expect(receipt!.text).not.toContain('par carte');
    expect(smtp().mailsTo(own.coordinator.email)).toEqual([]);
    expect(receiptsTo(1)).toEqual([]);
    const [skipped] = (await notificationRows({ kind: 'payment_receipt' })).filter(
      (row) => row.subject_id === cheque.paymentId,
    );
    expect(skipped!.status).not.toBe('sent');
  });
});
