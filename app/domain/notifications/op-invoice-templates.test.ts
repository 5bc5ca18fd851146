import { describe, expect, it } from 'vitest';
import { type OpInvoiceMailContent, ofName } from './op-invoice-templates.ts';
import { renderNotification } from './templates.ts';

const options = {
  recipientName: 'Jeanne Perrin',
  householdName: null,
  baseUrl: 'https://cabas.exemple.fr',
};
/** Intl writes narrow no-break spaces (« 5 275,50 € »): compared as plain spaces. */
const readable = (mail: { subject: string; text: string }) => ({
  subject: mail.subject.replace(/[\u00a0\u202f]/g, ' '),
  text: mail.text.replace(/[\u00a0\u202f]/g, ' '),
});

const invoice = {
  opName: 'OP Lait des Monts',
  memberName: 'GAEC des Monts',
  buyerName: 'Fromagerie du Pilat',
  number: 'OP2026-000001',
  issuedOn: '2026-03-31',
  grossCents: 527_550,
};
const buyerPath = '/o/fromagerie/export-egalim?partenaire=op-lait&mois=2026-03';
const memberPath = '/o/gaec/factures-op/i1';

describe('ofName', () => {
  it.each([
    ['consonne', 'GAEC des Monts', 'de GAEC des Monts'],
    ['voyelle', 'OP Lait des Monts', 'd’OP Lait des Monts'],
    ['voyelle accentuée', 'Élevage Roux', 'd’Élevage Roux'],
    ['h : pas d’élision (h aspiré possible)', 'Halles de Lyon', 'de Halles de Lyon'],
  ])('%s', (_label, name, expected) => {
    expect(ofName(name)).toBe(expected);
  });
});

describe('renderNotification (factures émises par une OP)', () => {
  it.each<[string, OpInvoiceMailContent, string, string[]]>([
    [
      'à l’acheteur : OP, membre, numéro, TTC au centime, échéance, lien',
      {
        kind: 'op_invoice_issued',
        ...invoice,
        recipientOrganisation: 'Fromagerie du Pilat',
        dueOn: '2026-04-30',
        path: buyerPath,
      },
      'Cabas — Nouvelle facture d’OP Lait des Monts pour le compte de GAEC des Monts',
      [
        'OP Lait des Monts a émis, au nom et pour le compte de GAEC des Monts (mandat de facturation), la facture n° OP2026-000001 du 31 mars 2026 à Fromagerie du Pilat : 5 275,50 € TTC, à régler au plus tard le 30 avril 2026.',
        `\nhttps://cabas.exemple.fr${buyerPath}\n`,
        'Vous recevez ce message comme responsable ou gestionnaire de Fromagerie du Pilat.',
      ],
    ],
    [
      'à l’acheteur, sans échéance : payable à réception',
      {
        kind: 'op_invoice_issued',
        ...invoice,
        grossCents: 1,
        recipientOrganisation: 'Fromagerie du Pilat',
        dueOn: null,
        path: buyerPath,
      },
      'Cabas — Nouvelle facture d’OP Lait des Monts pour le compte de GAEC des Monts',
      [': 0,01 € TTC, payable à réception.'],
    ],
    [
      'copie au membre : mandat, délai de contestation, réputée acceptée ensuite',
      {
        kind: 'op_invoice_issued_copy',
        ...invoice,
        recipientOrganisation: 'GAEC des Monts',
        dueOn: '2026-04-30',
        mandateReference: 'MAN-2026-0001',
        contestDeadline: '2026-04-15',
        path: memberPath,
      },
      'Cabas — Facture émise en votre nom : N° OP2026-000001 (Fromagerie du Pilat)',
      [
        'OP Lait des Monts a émis en votre nom, sous le mandat de facturation MAN-2026-0001, la facture n° OP2026-000001 du 31 mars 2026 à Fromagerie du Pilat : 5 275,50 € TTC',
        'Vous pouvez l’accepter ou la contester jusqu’au 15 avril 2026 ; sans contestation d’ici là, elle est réputée acceptée.',
        `https://cabas.exemple.fr${memberPath}`,
        'comme responsable ou gestionnaire de GAEC des Monts.',
      ],
    ],
    [
      'contestation à l’OP : membre, motif, lien pour la traiter',
      {
        kind: 'op_invoice_contested',
        ...invoice,
        recipientOrganisation: 'OP Lait des Monts',
        contestedOn: '2026-04-02',
        reason: 'Volume du 18 mars erroné',
        path: '/o/op-lait/factures-op/i1',
      },
      'Cabas — Contestation de la facture N° OP2026-000001',
      [
        'comme responsable ou gestionnaire d’OP Lait des Monts.',
        'GAEC des Monts conteste depuis le 2 avril 2026 la facture n° OP2026-000001 que vous avez émise en son nom le 31 mars 2026 à Fromagerie du Pilat (5 275,50 € TTC).',
        'Motif : « Volume du 18 mars erroné »',
        'Traiter la contestation :\nhttps://cabas.exemple.fr/o/op-lait/factures-op/i1',
      ],
    ],
    [
      'refus au membre, dans le délai : motif, il peut encore contester',
      {
        kind: 'op_contest_answered',
        ...invoice,
        recipientOrganisation: 'GAEC des Monts',
        answer: {
          outcome: 'rejected',
          on: '2026-04-05',
          reason: 'Volume relevé par le collecteur',
          contestDeadline: '2026-04-15',
          isContestOpen: true,
        },
        path: memberPath,
      },
      'Cabas — Contestation rejetée : facture N° OP2026-000001',
      [
        'OP Lait des Monts a rejeté le 5 avril 2026 votre contestation de la facture n° OP2026-000001 émise en votre nom à Fromagerie du Pilat (5 275,50 € TTC) : la facture est maintenue.',
        'Motif du refus : « Volume relevé par le collecteur »',
        'Vous pouvez encore l’accepter ou la contester jusqu’au 15 avril 2026.',
      ],
    ],
    [
      'refus au membre, après le délai',
      {
        kind: 'op_contest_answered',
        ...invoice,
        recipientOrganisation: 'GAEC des Monts',
        answer: {
          outcome: 'rejected',
          on: '2026-04-20',
          reason: 'Volume relevé par le collecteur',
          contestDeadline: '2026-04-15',
          isContestOpen: false,
        },
        path: memberPath,
      },
      'Cabas — Contestation rejetée : facture N° OP2026-000001',
      ['Le délai de contestation est passé (15 avril 2026).'],
    ],
    [
      'correction au membre : avoir et facture rectificative, nouveau délai',
      {
        kind: 'op_contest_answered',
        ...invoice,
        recipientOrganisation: 'GAEC des Monts',
        answer: {
          outcome: 'corrected',
          on: '2026-04-06',
          note: 'Volume du 18 mars ramené à 7 500 L',
          creditNote: { number: 'OP2026-000002', grossCents: -527_550 },
          replacement: {
            number: 'OP2026-000003',
            grossCents: 514_363,
            contestDeadline: '2026-04-21',
          },
        },
        path: '/o/gaec/factures-op/i3',
      },
      'Cabas — Contestation acceptée : facture N° OP2026-000001 annulée par avoir',
      [
        'elle est annulée par l’avoir n° OP2026-000002 (5 275,50 € TTC), émis en votre nom.',
        'Elle est remplacée par la facture rectificative n° OP2026-000003 (5 143,63 € TTC), que vous pouvez accepter ou contester jusqu’au 21 avril 2026.',
        'Explication de l’OP : « Volume du 18 mars ramené à 7 500 L »',
        'https://cabas.exemple.fr/o/gaec/factures-op/i3',
      ],
    ],
    [
      'correction à l’acheteur : avoir, facture rectificative et son échéance',
      {
        kind: 'op_invoice_corrected',
        ...invoice,
        recipientOrganisation: 'Fromagerie du Pilat',
        on: '2026-04-06',
        note: 'Volume du 18 mars ramené à 7 500 L',
        creditNote: { number: 'OP2026-000002', grossCents: 527_550 },
        replacement: { number: 'OP2026-000003', grossCents: 514_363, dueOn: '2026-05-06' },
        path: buyerPath,
      },
      'Cabas — Facture N° OP2026-000001 de GAEC des Monts annulée par avoir',
      [
        'OP Lait des Monts, au nom et pour le compte de GAEC des Monts, a annulé le 6 avril 2026 la facture n° OP2026-000001 du 31 mars 2026 (5 275,50 € TTC) par l’avoir n° OP2026-000002 (5 275,50 € TTC).',
        'Elle est remplacée par la facture rectificative n° OP2026-000003 : 5 143,63 € TTC, à régler au plus tard le 6 mai 2026.',
        'Motif : « Volume du 18 mars ramené à 7 500 L »',
      ],
    ],
    [
      'correction à l’acheteur, toutes les lignes retirées',
      {
        kind: 'op_invoice_corrected',
        ...invoice,
        recipientOrganisation: 'Fromagerie du Pilat',
        on: '2026-04-06',
        note: 'Livraisons non reçues',
        creditNote: { number: 'OP2026-000002', grossCents: 527_550 },
        replacement: null,
        path: buyerPath,
      },
      'Cabas — Facture N° OP2026-000001 de GAEC des Monts annulée par avoir',
      ['Aucune facture ne la remplace.'],
    ],
  ])('%s', (_label, content, subject, lines) => {
    const mail = readable(renderNotification(content, options));
    expect(mail.subject).toBe(subject);
    expect(mail.text.startsWith('Bonjour Jeanne Perrin,\n')).toBe(true);
    for (const line of lines) {
      expect(mail.text).toContain(line);
    }
    // Always sent: no link to turn them off, and not addressed to a household.
    expect(mail.text).not.toContain('https://cabas.exemple.fr/compte');
    expect(mail.text).not.toContain('membre du foyer');
  });
});
