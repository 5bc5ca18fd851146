import { describe, expect, it } from 'vitest';
import {
  formatDeadline,
  type MailContent,
  renderInvitationMail,
  renderNotification,
} from './templates.ts';

const options = {
  recipientName: 'Léa Martin',
  householdName: 'Martin',
  baseUrl: 'https://cabas.exemple.fr',
};
const sheet = { groupName: 'Voisins de la Croix-Rousse', sheetTitle: 'Commande du jeudi' };
const deadlineAt = new Date('2026-12-03T17:00:00Z');
/** Intl writes narrow no-break spaces (« 25,50 € »): compared as plain spaces. */
const readable = (mail: { subject: string; text: string }) => ({
  subject: mail.subject.replace(/[\u00a0\u202f]/g, ' '),
  text: mail.text.replace(/[\u00a0\u202f]/g, ' '),
});

describe('renderNotification', () => {
  it.each<[string, MailContent, string, string[]]>([
    [
      'part à payer : montant par producteur, lien de paiement absolu',
      {
        kind: 'share_payable',
        ...sheet,
        parts: [
          { producerName: 'Ferme des Quatre Saisons', dueCents: 1850, isEstimate: false },
          { producerName: 'Chèvrerie du Vallon', dueCents: 700, isEstimate: true },
        ],
        toPayCents: 2550,
        transferReference: 'CABAS-AB12-CD34',
        canPayOnline: true,
        path: '/o/voisins/feuilles/s1/paiements',
      },
      'Cabas — Votre part est à payer : Commande du jeudi (25,50 €)',
      [
        'votre part est à payer',
        '  - Ferme des Quatre Saisons : 18,50 €',
        '  - Chèvrerie du Vallon : 7,00 € (estimation, poids à confirmer)',
        'Reste à payer : 25,50 €',
        'Payer en ligne, à la livraison ou par virement (référence CABAS-AB12-CD34) :',
        'https://cabas.exemple.fr/o/voisins/feuilles/s1/paiements',
      ],
    ],
    [
      'relance du coordinateur : échéance en heure de Paris',
      {
        kind: 'sheet_reminder',
        ...sheet,
        senderName: 'Claire',
        deadlineAt,
        path: '/o/voisins/feuilles/s1',
      },
      'Cabas — Rappel : commande groupée « Commande du jeudi »',
      [
        'Claire vous rappelle que votre ligne',
        'Elle ferme le jeudi 3 décembre à 18:00 (heure de Paris).',
        'https://cabas.exemple.fr/o/voisins/feuilles/s1',
      ],
    ],
    [
      'rappel de la veille',
      { kind: 'deadline_reminder', ...sheet, deadlineAt, path: '/o/voisins/feuilles/s1' },
      'Cabas — Dernier jour pour commander : Commande du jeudi',
      ['ferme le jeudi 3 décembre à 18:00 (heure de Paris), et votre ligne est encore vide.'],
    ],
    [
      'reçu de paiement par carte, avec les frais',
      {
        kind: 'payment_receipt',
        ...sheet,
        paidAt: new Date('2026-12-04T09:30:00Z'),
        received: { method: 'card' },
        amountCents: 2588,
        feeCents: 38,
        parts: [{ producerName: 'Ferme des Quatre Saisons', amountCents: 2550 }],
        path: '/o/voisins/feuilles/s1/paiements',
      },
      'Cabas — Reçu : paiement de 25,88 € reçu',
      [
        'paiement par carte de 25,88 € le 4 décembre 2026 à 10:30',
        '  - Ferme des Quatre Saisons : 25,50 €',
        '  - frais de paiement en ligne : 0,38 €',
        'Chaque producteur reçoit directement sa part.',
      ],
    ],
    [
      'reçu d’un paiement par chèque remis à la livraison : jour, référence, qui l’a enregistré',
      {
        kind: 'payment_receipt',
        ...sheet,
        paidAt: new Date('2026-12-04T17:45:00Z'),
        received: { method: 'cheque', on: '2026-12-03', by: 'Claire', reference: 'n° 1234567' },
        amountCents: 2550,
        feeCents: 0,
        parts: [
          { producerName: 'Chèvrerie du Vallon', amountCents: 700 },
          { producerName: 'Ferme des Quatre Saisons', amountCents: 1850 },
        ],
        path: '/o/voisins/feuilles/s1/paiements',
      },
      'Cabas — Reçu : paiement de 25,50 € reçu',
      [
        'Votre paiement par chèque (référence n° 1234567) de 25,50 €, reçu le 3 décembre 2026, pour la commande « Commande du jeudi » de Voisins de la Croix-Rousse, a été enregistré par Claire.',
        '  - Chèvrerie du Vallon : 7,00 €',
        '  - Ferme des Quatre Saisons : 18,50 €',
      ],
    ],
    [
      'remboursement d’un trop-perçu sur la carte',
      {
        kind: 'refund_sent',
        ...sheet,
        producerName: 'Ferme des Quatre Saisons',
        amountCents: 320,
        method: 'card',
        reason: 'settlement',
        creditNoteNumber: null,
        note: null,
        path: '/o/voisins/feuilles/s1/paiements',
      },
      'Cabas — Remboursement de 3,20 € — Ferme des Quatre Saisons',
      [
        'vous rembourse 3,20 € sur la carte utilisée pour payer',
        'Motif : trop-perçu : la facture est inférieure',
      ],
    ],
    [
      'remboursement lié à un avoir',
      {
        kind: 'refund_sent',
        ...sheet,
        producerName: 'Chèvrerie du Vallon',
        amountCents: 350,
        method: 'cash',
        reason: 'credit_note',
        creditNoteNumber: 'A2026-000004',
        note: null,
        path: '/o/voisins/feuilles/s1/paiements',
      },
      'Cabas — Remboursement de 3,50 € — Chèvrerie du Vallon',
      ['3,50 € en espèces', 'Motif : avoir n° A2026-000004 émis par Chèvrerie du Vallon.'],
    ],
    [
      'avoir émis : numéro, montant, motif, lien « Mes factures »',
      {
        kind: 'credit_note_issued',
        producerName: 'Chèvrerie du Vallon',
        number: 'A2026-000004',
        invoiceNumber: '2026-000017',
        grossCents: 350,
        reason: 'produit abîmé',
        path: '/mes-factures',
      },
      'Cabas — Un avoir a été émis : A2026-000004 (Chèvrerie du Vallon)',
      [
        'n° A2026-000004, 3,50 € TTC, sur la facture n° 2026-000017.',
        'Motif : produit abîmé.',
        'https://cabas.exemple.fr/mes-factures',
      ],
    ],
    [
      'facture disponible',
      {
        kind: 'invoice_available',
        producerName: 'Ferme des Quatre Saisons',
        number: '2026-000017',
        grossCents: 2230,
        issuedOn: '2026-12-05',
        path: '/mes-factures',
      },
      'Cabas — Votre facture est disponible : 2026-000017 (Ferme des Quatre Saisons)',
      [
        'du 5 décembre 2026, est disponible : 22,30 € TTC.',
        'https://cabas.exemple.fr/mes-factures',
      ],
    ],
  ])('%s', (_label, content, subject, lines) => {
    const mail = readable(renderNotification(content, options));
    expect(mail.subject).toBe(subject);
    expect(mail.text.startsWith('Bonjour Léa Martin,\n')).toBe(true);
    for (const line of lines) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toContain('Vous recevez ce message comme membre du foyer Martin.');
  });

  it.each<[string, MailContent, boolean]>([
    [
      'rappel (facultatif) : lien vers les préférences',
      { kind: 'deadline_reminder', ...sheet, deadlineAt, path: '/x' },
      true,
    ],
    [
      'facture (obligatoire) : pas de lien de désabonnement',
      {
        kind: 'invoice_available',
        producerName: 'F',
        number: '1',
        grossCents: 1,
        issuedOn: '2026-12-05',
        path: '/x',
      },
      false,
    ],
  ])('%s', (_label, content, hasLink) => {
    expect(
      renderNotification(content, options).text.includes('https://cabas.exemple.fr/compte'),
    ).toBe(hasLink);
  });
});

describe('formatDeadline', () => {
  it.each([
    ['hiver', '2026-12-03T17:00:00Z', 'jeudi 3 décembre à 18:00'],
    ['été', '2026-06-04T16:00:00Z', 'jeudi 4 juin à 18:00'],
  ])('%s : heure de Paris', (_label, iso, expected) => {
    expect(formatDeadline(new Date(iso))).toBe(expected);
  });
});

describe('renderInvitationMail', () => {
  it.each([
    ['un foyer nommé', 'Foyer', 'Lambert', 'comme foyer « Lambert ».'],
    ['une gestionnaire', 'Gestionnaire', null, 'comme gestionnaire.'],
  ])('%s', (_label, roleLabel, householdName, role) => {
    const mail = readable(
      renderInvitationMail({
        organisationName: 'Voisins du Plateau',
        roleLabel,
        householdName,
        inviterName: 'Amina Benali',
        link: 'https://cabas.exemple.fr/invitation/abc',
        expiresAt: new Date('2026-12-16T09:00:00Z'),
      }),
    );
    expect(mail.subject).toBe('Cabas — Amina Benali vous invite à rejoindre Voisins du Plateau');
    expect(mail.text).toContain(`rejoindre Voisins du Plateau sur Cabas ${role}`);
    expect(mail.text).toContain('valable jusqu’au 16 décembre 2026 à 10:00, une seule fois');
    expect(mail.text).toContain('\nhttps://cabas.exemple.fr/invitation/abc\n');
  });
});
