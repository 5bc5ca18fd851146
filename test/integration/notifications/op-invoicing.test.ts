import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { opInvoiceEvents } from '#app/db/schema.ts';
import { ofName } from '#app/domain/notifications/op-invoice-templates.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import {
  queueOpContestAnswer,
  queueOpInvoiceContested,
  queueOpInvoicesIssued,
} from '#app/models/notification-op-events.server.ts';
import { correctContestedOpInvoice } from '#app/models/op-invoice-correction.server.ts';
import { contestOpInvoice, rejectOpInvoiceContest } from '#app/models/op-invoice-review.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import type { User } from '#app/models/user.server.ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { deliverAndIssue, makeOpSetup } from '#test/integration/op/op-helpers.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { APP_URL, notificationRows, plain, setupSmtp } from './harness.ts';

setupTestDatabase();
const { smtp, mailer } = setupSmtp();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

let s: Setup;
let invoice: { id: string; number: string; grossCents: number };
const people = {} as Record<
  | 'buyerOwner'
  | 'buyerManager'
  | 'memberOwner'
  | 'memberManager'
  | 'opOwner'
  | 'opManager'
  | 'otherBuyer'
  | 'otherMember'
  | 'outsider',
  User
>;

const mailsOf = (user: User) =>
  smtp()
    .mailsTo(user.email)
    .map((mail) => ({ subject: plain(mail.subject), text: plain(mail.text) }));

async function dispatch() {
  smtp().mails.splice(0);
  return sendDueNotifications({ mailer: mailer() });
}

/** Who got a row of this kind, by name in `people`, sorted. */
async function recipientsOf(kind: string, subjectId?: string) {
  const names = new Map(Object.entries(people).map(([name, user]) => [user.id, name]));
  return (await notificationRows({ kind }))
    .filter((row) => subjectId === undefined || row.subject_id === subjectId)
    .map((row) => names.get(row.user_id) ?? row.user_id)
    .sort();
}

const eventIdOf = async (invoiceId: string, kind: string) => {
  const rows = await getSql()<{ id: string }[]>`
    select id from op_invoice_events where invoice_id = ${invoiceId} and kind = ${kind}
    order by sequence desc limit 1`;
  return rows[0]!.id;
};

beforeAll(async () => {
  s = await makeOpSetup();
  people.buyerOwner = s.fromagerie.owner;
  people.memberOwner = s.gaec.owner;
  people.opOwner = s.op.owner;
  people.otherBuyer = s.laiterie.owner;
  people.otherMember = s.pilat.owner;
  for (const [name, organisationId] of [
    ['buyerManager', s.fromagerie.organisation.id],
    ['memberManager', s.gaec.organisation.id],
    ['opManager', s.opId],
  ] as const) {
    people[name] = await makeUser();
    await addMember({ organisationId, user: people[name], role: 'manager' });
  }
  // The owner of an unrelated buyer.
  people.outsider = (await makeOrganisation({ kind: 'buyer' })).owner;
  const [issued] = await deliverAndIssue(s, {
    deliveries: [
      ['2026-03-04', 12_000],
      ['2026-03-18', 8_000],
    ],
    issueDate: '2026-03-31',
  });
  invoice = issued!;
});

describe('factures émises par l’OP au nom de ses membres : e-mails', () => {
  it('émission : acheteur et membre (responsables et gestionnaires) une fois ; rejouée, rien de plus', async () => {
    expect(await recipientsOf('op_invoice_issued', invoice.id)).toEqual([
      'buyerManager',
      'buyerOwner',
    ]);
    expect(await recipientsOf('op_invoice_issued_copy', invoice.id)).toEqual([
      'memberManager',
      'memberOwner',
    ]);
    const before = (await notificationRows()).length;
    expect(before).toBe(4);
    // The month again: nothing left to invoice, nothing written. The event again: same key.
    const replay = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-03',
      issueDate: '2026-03-31',
      actorId: null,
    });
    expect(replay.ok).toBe(false);
    expect(await getDb().transaction((tx) => queueOpInvoicesIssued(tx, [invoice.id]))).toBe(0);
    expect(await notificationRows()).toHaveLength(before);

    expect(await dispatch()).toMatchObject({ sent: 4, skipped: 0 });
    const [due] = await getSql()<{ due_on: string; buyer_name: string }[]>`
      select due_on::text, buyer_name from invoices where id = ${invoice.id}`;
    const amount = plain(formatCents(invoice.grossCents));
    expect(amount).toMatch(/^\d{1,3}( \d{3})*,\d{2} €$/);
    for (const user of [people.buyerOwner, people.buyerManager]) {
      const [mail] = mailsOf(user);
      expect(mail!.subject).toBe(
        `Cabas — Nouvelle facture ${ofName(s.op.organisation.name)} pour le compte ${ofName(s.gaec.organisation.name)}`,
      );
      expect(mail!.text).toContain(
        `la facture n° ${invoice.number} du 31 mars 2026 à ${due!.buyer_name} : ${amount} TTC, à régler au plus tard le ${formatDay(due!.due_on)}.`,
      );
      expect(mail!.text).toContain(
        `comme responsable ou gestionnaire ${ofName(s.fromagerie.organisation.name)}.`,
      );
      expect(mail!.text).toContain(
        `${APP_URL}/o/${s.fromagerie.organisation.slug}/export-egalim?partenaire=${s.op.organisation.slug}&mois=2026-03`,
      );
    }
    const [copy] = mailsOf(people.memberManager);
    expect(copy!.subject).toBe(
      `Cabas — Facture émise en votre nom : N° ${invoice.number} (${due!.buyer_name})`,
    );
    expect(copy!.text).toContain('Vous pouvez l’accepter ou la contester jusqu’au 15 avril 2026');
    expect(copy!.text).toContain(
      `${APP_URL}/o/${s.gaec.organisation.slug}/factures-op/${invoice.id}`,
    );
    expect(copy!.text).toContain(
      `comme responsable ou gestionnaire ${ofName(s.gaec.organisation.name)}.`,
    );
    expect(mailsOf(people.opOwner)).toEqual([]);
  });

  it('contestation du membre : aux responsables et gestionnaires de l’OP, avec le motif et le lien', async () => {
    const contested = await contestOpInvoice({
      producerId: s.gaec.organisation.id,
      invoiceId: invoice.id,
      reason: 'Volume du 18 mars erroné',
      today: '2026-04-02',
      actorId: s.gaec.owner.id,
    });
    expect(contested).toEqual({ ok: true });
    const eventId = await eventIdOf(invoice.id, 'contested');
    expect(await recipientsOf('op_invoice_contested', eventId)).toEqual(['opManager', 'opOwner']);
    expect(await dispatch()).toMatchObject({ sent: 2, skipped: 0 });
    const [mail] = mailsOf(people.opManager);
    expect(mail!.subject).toBe(`Cabas — Contestation de la facture N° ${invoice.number}`);
    expect(mail!.text).toContain(
      `${s.gaec.organisation.name} conteste depuis le 2 avril 2026 la facture n° ${invoice.number}`,
    );
    expect(mail!.text).toContain('Motif : « Volume du 18 mars erroné »');
    expect(mail!.text).toContain(
      `${APP_URL}/o/${s.op.organisation.slug}/factures-op/${invoice.id}`,
    );
  });

  it('refus de l’OP : la réponse au membre, rien à l’acheteur (sa facture ne change pas)', async () => {
    const rejected = await rejectOpInvoiceContest({
      opId: s.opId,
      invoiceId: invoice.id,
      reason: 'Volume relevé par le collecteur',
      today: '2026-04-05',
      actorId: s.op.owner.id,
    });
    expect(rejected).toEqual({ ok: true });
    const eventId = await eventIdOf(invoice.id, 'contest_rejected');
    expect(await recipientsOf('op_contest_answered', eventId)).toEqual([
      'memberManager',
      'memberOwner',
    ]);
    expect(await recipientsOf('op_invoice_corrected')).toEqual([]);
    expect(await dispatch()).toMatchObject({ sent: 2 });
    const [mail] = mailsOf(people.memberOwner);
    expect(mail!.subject).toBe(`Cabas — Contestation rejetée : facture N° ${invoice.number}`);
    expect(mail!.text).toContain('Motif du refus : « Volume relevé par le collecteur »');
    expect(mail!.text).toContain(
      'Vous pouvez encore l’accepter ou la contester jusqu’au 15 avril 2026.',
    );
  });

  it('nouvelle contestation corrigée : avoir et facture rectificative à l’acheteur et au membre ; l’avis de contestation déjà traitée n’est pas envoyé', async () => {
    const contested = await contestOpInvoice({
      producerId: s.gaec.organisation.id,
      invoiceId: invoice.id,
      reason: 'Le volume du 18 mars est de 7 500 L',
      today: '2026-04-06',
      actorId: s.gaec.owner.id,
    });
    expect(contested).toEqual({ ok: true });
    const contestId = await eventIdOf(invoice.id, 'contested');
    expect(await recipientsOf('op_invoice_contested', contestId)).toEqual(['opManager', 'opOwner']);
    const corrected = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [
        { lineId: '1', quantityMilli: 12_000_000, unitPriceCents: 50_055 },
        { lineId: '2', quantityMilli: 7_500_000, unitPriceCents: 50_055 },
      ],
      note: 'Pesée du laboratoire retenue',
      today: '2026-04-08',
      actorId: s.op.owner.id,
    });
    if (!corrected.ok) {
      throw new Error(corrected.message);
    }
    const eventId = await eventIdOf(invoice.id, 'corrected');
    expect(await recipientsOf('op_contest_answered', eventId)).toEqual([
      'memberManager',
      'memberOwner',
    ]);
    expect(await recipientsOf('op_invoice_corrected', eventId)).toEqual([
      'buyerManager',
      'buyerOwner',
    ]);
    // The answer again (a retried request): same key, nothing more.
    expect(await getDb().transaction((tx) => queueOpContestAnswer(tx, eventId))).toBe(0);

    // The contest notice, still waiting, is pointless now: skipped; the answers go.
    expect(await dispatch()).toMatchObject({ sent: 4, skipped: 2 });
    expect(
      (await notificationRows({ kind: 'op_invoice_contested' }))
        .filter((row) => row.subject_id === contestId)
        .map((row) => [row.status, row.last_error]),
    ).toEqual([
      ['skipped', 'contestation déjà traitée par l’OP'],
      ['skipped', 'contestation déjà traitée par l’OP'],
    ]);
    const [documents] = await getSql()<{ credit_gross: number; rectified_gross: number }[]>`
      select (select gross_total_cents from invoices where id = ${corrected.creditNote.id}) as credit_gross,
             (select gross_total_cents from invoices where id = ${corrected.invoice!.id}) as rectified_gross`;
    const [buyerMail] = mailsOf(people.buyerManager);
    expect(buyerMail!.subject).toBe(
      `Cabas — Facture N° ${invoice.number} ${ofName(s.gaec.organisation.name)} annulée par avoir`,
    );
    expect(buyerMail!.text).toContain(
      `par l’avoir n° ${corrected.creditNote.number} (${plain(formatCents(Math.abs(documents!.credit_gross)))} TTC).`,
    );
    expect(buyerMail!.text).toContain(
      `remplacée par la facture rectificative n° ${corrected.invoice!.number} : ${plain(formatCents(documents!.rectified_gross))} TTC`,
    );
    expect(buyerMail!.text).toContain('Motif : « Pesée du laboratoire retenue »');
    const [memberMail] = mailsOf(people.memberOwner);
    expect(memberMail!.subject).toBe(
      `Cabas — Contestation acceptée : facture N° ${invoice.number} annulée par avoir`,
    );
    expect(memberMail!.text).toContain('jusqu’au 23 avril 2026');
    expect(memberMail!.text).toContain(
      `${APP_URL}/o/${s.gaec.organisation.slug}/factures-op/${corrected.invoice!.id}`,
    );
  });

  it('personne d’une autre organisation ne reçoit rien ; un événement annulé ne met rien en file', async () => {
    const rows = await notificationRows();
    const outsiders = [people.otherBuyer, people.otherMember, people.outsider].map((u) => u.id);
    expect(rows.filter((row) => outsiders.includes(row.user_id))).toEqual([]);
    expect(rows.every((row) => row.status === 'sent' || row.status === 'skipped')).toBe(true);
    // One mail per recipient and event.
    const keys = rows.map((row) => `${row.kind}|${row.subject_id}|${row.user_id}`);
    expect(new Set(keys).size).toBe(keys.length);

    // A contest of the rectifying invoice written, queued, then rolled back: no mail left.
    const rectifying = (
      await getSql()<{ id: string }[]>`
      select replacement_invoice_id as id from op_invoice_events
      where invoice_id = ${invoice.id} and kind = 'corrected'`
    )[0]!.id;
    const before = (await notificationRows()).length;
    await expect(
      getDb().transaction(async (tx) => {
        const [event] = await tx
          .insert(opInvoiceEvents)
          .values({
            invoiceId: rectifying,
            sequence: 1,
            kind: 'contested',
            occurredOn: '2026-04-09',
            reason: 'Prix du 4 mars toujours faux',
            actorUserId: s.gaec.owner.id,
          })
          .returning({ id: opInvoiceEvents.id });
        expect(await queueOpInvoiceContested(tx, event!.id)).toBe(2);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await notificationRows()).toHaveLength(before);
    expect(await dispatch()).toMatchObject({ sent: 0 });
  });

  it('gestionnaire retiré de l’acheteur avant l’envoi : son avis n’est pas envoyé', async () => {
    const [april] = await deliverAndIssue(s, {
      deliveries: [['2026-04-10', 5_000]],
      issueDate: '2026-04-30',
    });
    await getSql()`
      delete from memberships
      where organisation_id = ${s.fromagerie.organisation.id} and user_id = ${people.buyerManager.id}`;
    expect(await dispatch()).toMatchObject({ sent: 3, skipped: 1 });
    const [row] = (await notificationRows({ kind: 'op_invoice_issued' })).filter(
      (r) => r.subject_id === april!.id && r.user_id === people.buyerManager.id,
    );
    expect(row).toMatchObject({
      status: 'skipped',
      last_error: `n’est plus responsable ni gestionnaire de ${s.fromagerie.organisation.name}`,
    });
    expect(mailsOf(people.buyerManager)).toEqual([]);
    expect(mailsOf(people.buyerOwner)).toHaveLength(1);
  });
});
