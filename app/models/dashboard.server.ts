// An organisation's dashboard (« Cette semaine »): what needs doing, read from the aggregates'
// tables, each item linking to the page where it is done. Read-only; every query is scoped to
// the organisation (and the household for a household member).
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  type DeadlineUrgency,
  describeDeadline,
  type NegotiationSide,
  negotiationAction,
} from '#app/domain/dashboard/agenda.ts';
import { monthLabel, shiftMonth } from '#app/domain/milk/month.ts';
import { amountToPay, amountToRefund, balanceOf } from '#app/domain/payments/ledger.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { loadMilkMonth } from './milk-pay.server.ts';
import { collectsMilk } from './milk-supplier.server.ts';
import { listOpInvoiceReviews } from './op-invoice-review.server.ts';
import { loadSheetLedgers } from './payment-ledger.server.ts';
import { getSheetOpenPacks } from './sheet.server.ts';

export type AgendaItem = {
  /** What to do or to know, in French. */
  text: string;
  /** Relative to /o/<slug>/ (or absolute when it starts with '/'). */
  to: string;
  detail?: string;
  urgency?: DeadlineUrgency;
};

export type AgendaSection = { title: string; items: AgendaItem[]; empty: string };

/** Recent closed sheets looked at for money still owed (older ones are on the payments tab). */
const RECENT_SHEETS = 6;

async function openSheets(groupId: string) {
  return getSql()<
    { id: string; title: string; deadline_at: string; filled: number; households: number }[]
  >`
    select s.id, s.title, s.deadline_at,
           (select count(distinct c.household_id)::int from sheet_cells c where c.sheet_id = s.id) as filled,
           (select count(*)::int from households h where h.group_id = s.group_id) as households
    from sheets s where s.group_id = ${groupId} and s.status = 'open'
    order by s.deadline_at`;
}

async function recentClosedSheetIds(groupId: string): Promise<string[]> {
  const rows = await getSql()<{ id: string }[]>`
    select id from sheets where group_id = ${groupId} and status = 'closed'
    order by closed_at desc nulls last limit ${RECENT_SHEETS}`;
  return rows.map((row) => row.id);
}

/** A neighbourhood group: the coordinator's sheets and money to collect, or a household's own. */
export async function loadGroupAgenda(options: {
  groupId: string;
  householdId: string | null;
  canManage: boolean;
  now: Date;
}): Promise<AgendaSection[]> {
  const sheets = await openSheets(options.groupId);
  const own = options.householdId
    ? new Set(
        (
          await getSql()<{ sheet_id: string }[]>`
            select distinct sheet_id from sheet_cells
            where household_id = ${options.householdId}
              and sheet_id = any(${sheets.map((sheet) => sheet.id)}::uuid[])`
        ).map((row) => row.sheet_id),
      )
    : new Set<string>();
  // Packs started and not full: an invitation to complete them before the deadline (ADR 019).
  const openPackCounts = await Promise.all(
    sheets.map(async (sheet) => (await getSheetOpenPacks(sheet.id)).length),
  );
  const sheetItems = sheets.map((sheet, index): AgendaItem => {
    const packs = openPackCounts[index] ?? 0;
    const deadline = describeDeadline(new Date(sheet.deadline_at), options.now);
    const mine = options.householdId
      ? own.has(sheet.id)
        ? 'votre ligne est remplie'
        : 'votre ligne est vide'
      : null;
    return {
      text: sheet.title,
      to: `feuilles/${sheet.id}`,
      detail: [
        `date limite ${deadline.label}`,
        options.canManage ? `${sheet.filled} foyer(s) sur ${sheet.households} ont commandé` : null,
        mine,
        packs > 0 ? `${packs} colis à compléter` : null,
      ]
        .filter(Boolean)
        .join(' · '),
      urgency: deadline.urgency,
    };
  });

  const closedIds = await recentClosedSheetIds(options.groupId);
  const ledgers = await loadSheetLedgers({
    sheetIds: closedIds,
    ...(options.canManage || !options.householdId ? {} : { householdId: options.householdId }),
  });
  const moneyItems: AgendaItem[] = [];
  for (const ledger of ledgers) {
    const parts = options.canManage
      ? ledger.parts
      : ledger.parts.filter((part) => part.householdId === options.householdId);
    const toPay = amountToPay(parts.map((part) => part.amounts));
    const toRefund = amountToRefund(parts.map((part) => part.amounts));
    if (toPay === 0 && toRefund === 0) {
      continue;
    }
    const unpaid = new Set(
      parts.filter((part) => balanceOf(part.amounts) > 0).map((part) => part.householdId),
    );
    moneyItems.push({
      text: ledger.sheet.title,
      to: `feuilles/${ledger.sheet.id}/paiements`,
      detail: [
        toPay > 0
          ? options.canManage
            ? `${formatCents(toPay)} à encaisser (${unpaid.size} foyer(s))`
            : `votre part : ${formatCents(toPay)} à payer`
          : null,
        toRefund > 0 ? `${formatCents(toRefund)} trop-perçu(s) à rendre` : null,
      ]
        .filter(Boolean)
        .join(' · '),
    });
  }
  return [
    {
      title: 'Feuilles de commande ouvertes',
      items: sheetItems,
      empty: options.canManage
        ? 'Aucune feuille ouverte : ouvrez-en une depuis l’onglet « Feuilles ».'
        : 'Aucune feuille ouverte pour le moment.',
    },
    {
      title: options.canManage ? 'Paiements à suivre' : 'Vos paiements',
      items: moneyItems,
      empty: 'Rien à payer ni à rendre sur les dernières feuilles.',
    },
  ];
}

/** Contracts (or accords-cadres) waiting for this organisation's move. */
function negotiationItems(
  rows: {
    id: string;
    reference: string;
    title: string;
    partner: string;
    status: 'draft' | 'proposed' | 'counter_proposed' | 'signed';
    author_signed_at: string | null;
    counterpart_signed_at: string | null;
  }[],
  side: NegotiationSide,
  path: string,
): AgendaItem[] {
  return rows.flatMap((row) => {
    const action = negotiationAction(
      {
        status: row.status,
        authorSignedAt: row.author_signed_at ? new Date(row.author_signed_at) : null,
        counterpartSignedAt: row.counterpart_signed_at ? new Date(row.counterpart_signed_at) : null,
      },
      side,
    );
    return action
      ? [
          {
            text: `${row.reference} — ${row.title}`,
            to: `${path}/${row.id}`,
            detail: `${row.partner} : ${action}`,
          },
        ]
      : [];
  });
}

async function contractItems(organisationId: string, side: NegotiationSide) {
  const sql = getSql();
  const rows = await sql<Parameters<typeof negotiationItems>[0]>`
    select c.id, c.reference, c.title, partner.name as partner, c.status::text as status,
           c.producer_signed_at as author_signed_at, c.buyer_signed_at as counterpart_signed_at
    from egalim_contracts c
    join organisations partner on partner.id = ${side === 'author' ? sql`c.buyer_id` : sql`c.producer_id`}
    where c.status <> 'signed'
      and ${side === 'author' ? sql`c.producer_id` : sql`c.buyer_id`} = ${organisationId}
    order by c.updated_at desc limit 20`;
  return negotiationItems(rows, side, 'contrats');
}

async function agreementItems(organisationId: string, side: NegotiationSide) {
  const sql = getSql();
  const rows = await sql<Parameters<typeof negotiationItems>[0]>`
    select a.id, a.reference, a.title, partner.name as partner, a.status,
           a.op_signed_at as author_signed_at, a.buyer_signed_at as counterpart_signed_at
    from framework_agreements a
    join organisations partner on partner.id = ${side === 'author' ? sql`a.buyer_id` : sql`a.op_id`}
    where a.status <> 'signed'
      and ${side === 'author' ? sql`a.op_id` : sql`a.buyer_id`} = ${organisationId}
    order by a.updated_at desc limit 20`;
  return negotiationItems(rows, side, 'accords-cadres');
}

/** A producer: next rounds, deliveries to enter and invoice, payments in trouble, contracts. */
export async function loadProducerAgenda(options: {
  producerId: string;
  now: Date;
}): Promise<AgendaSection[]> {
  const today = parisDayOf(options.now);
  const sql = getSql();
  const rounds = await sql<
    {
      id: string;
      title: string;
      delivery_on: string;
      status: string;
      stops: number;
      orders: number;
      next_deadline: string | null;
    }[]
  >`
    select r.id, r.title, r.delivery_on::text, r.status::text,
           (select count(*)::int from round_stops st where st.round_id = r.id) as stops,
           (select count(*)::int from orders o where o.round_id = r.id and o.status <> 'cancelled') as orders,
           (select min(st.order_deadline_at) from round_stops st
              where st.round_id = r.id and st.order_deadline_at > ${options.now.toISOString()}::timestamptz) as next_deadline
    from delivery_rounds r
    where r.producer_id = ${options.producerId}
      and ((r.status = 'planned' and r.delivery_on >= ${today}::date)
        or (r.status in ('planned', 'delivered') and r.delivery_on < ${today}::date))
    order by r.delivery_on limit 20`;
  const upcoming = rounds
    .filter((round) => round.status === 'planned' && round.delivery_on >= today)
    .slice(0, 5)
    .map((round): AgendaItem => {
      const deadline = round.next_deadline
        ? describeDeadline(new Date(round.next_deadline), options.now)
        : null;
      return {
        text: `${formatDay(round.delivery_on)} — ${round.title || 'Tournée'}`,
        to: `tournees/${round.id}`,
        detail: [
          `${round.stops} arrêt(s), ${round.orders} commande(s)`,
          deadline ? `prochaine date limite ${deadline.label}` : 'commandes closes',
        ].join(' · '),
        ...(deadline ? { urgency: deadline.urgency } : {}),
      };
    });
  const toInvoice = rounds
    .filter((round) => round.delivery_on < today && round.orders > 0)
    .map(
      (round): AgendaItem => ({
        text: `${formatDay(round.delivery_on)} — ${round.title || 'Tournée'}`,
        to: `tournees/${round.id}/facturation`,
        detail:
          round.status === 'planned'
            ? 'livrée ? Saisissez poids réels et manquants, puis émettez les factures'
            : 'livraison saisie : émettez les factures',
        urgency: 'soon',
      }),
    );
  const [failures] = await sql<{ transfers: number; refunds: number }[]>`
    select (select count(*)::int from payment_transfers where producer_id = ${options.producerId} and status = 'failed') as transfers,
           (select count(*)::int from payment_refunds where producer_id = ${options.producerId} and status = 'failed') as refunds`;
  const paymentItems: AgendaItem[] = [];
  if (failures && failures.transfers + failures.refunds > 0) {
    paymentItems.push({
      text: 'Paiements en échec',
      to: 'paiements',
      detail: `${failures.transfers} virement(s) vers votre compte et ${failures.refunds} remboursement(s) à relancer`,
      urgency: 'soon',
    });
  }
  const toAccept = (
    await listOpInvoiceReviews({ scope: { producerId: options.producerId }, today })
  ).filter((review) => review.review?.canAccept);
  return [
    {
      title: 'Prochaines tournées',
      items: upcoming,
      empty: 'Aucune tournée prévue : planifiez-en une dans l’onglet « Tournées ».',
    },
    {
      title: 'Livraisons à facturer',
      items: [...toInvoice, ...paymentItems],
      empty: 'Tout ce qui est livré est facturé.',
    },
    {
      title: 'Contrats Egalim',
      items: await contractItems(options.producerId, 'author'),
      empty: 'Aucun contrat en attente de votre part.',
    },
    // A member of an OP: the invoices the OP issued in its name wait for its acceptance (INV-07).
    ...(toAccept.length > 0
      ? [
          {
            title: 'Factures émises en votre nom',
            items: toAccept.map(
              (review): AgendaItem => ({
                text: `Facture ${review.number} établie par ${review.opName}`,
                to: `factures-op/${review.invoiceId}`,
                detail: `à ${review.buyerName} : acceptez-la ou contestez-la avant le ${formatDay(review.review!.deadline)}`,
              }),
            ),
            empty: '',
          },
        ]
      : []),
  ];
}

/** A professional buyer: stops to order on, contracts and agreements to answer, milk to pay. */
export async function loadBuyerAgenda(options: {
  buyerId: string;
  now: Date;
}): Promise<AgendaSection[]> {
  const stops = await getSql()<
    {
      stop_id: string;
      producer: string;
      delivery_on: string;
      deadline: string;
      has_order: boolean;
    }[]
  >`
    select st.id as stop_id, p.name as producer, r.delivery_on::text, st.order_deadline_at as deadline,
           exists (select 1 from orders o where o.stop_id = st.id and o.customer_organisation_id = ${options.buyerId}
                   and o.status <> 'cancelled') as has_order
    from round_stops st
    join delivery_rounds r on r.id = st.round_id and r.status = 'planned'
    join organisations p on p.id = r.producer_id
    where st.organisation_id = ${options.buyerId} and st.order_deadline_at > ${options.now.toISOString()}::timestamptz
    order by st.order_deadline_at limit 10`;
  const sections: AgendaSection[] = [
    {
      title: 'Commandes à passer',
      items: stops.map((stop): AgendaItem => {
        const deadline = describeDeadline(new Date(stop.deadline), options.now);
        return {
          text: `${stop.producer} — livraison du ${formatDay(stop.delivery_on)}`,
          to: `commandes-pro/${stop.stop_id}`,
          detail: `${stop.has_order ? 'commande enregistrée, modifiable' : 'pas encore de commande'} · date limite ${deadline.label}`,
          urgency: stop.has_order ? 'later' : deadline.urgency,
        };
      }),
      empty: 'Aucune livraison ouverte aux commandes.',
    },
    {
      title: 'Contrats et accords-cadres',
      items: [
        ...(await contractItems(options.buyerId, 'counterpart')),
        ...(await agreementItems(options.buyerId, 'counterpart')),
      ],
      empty: 'Aucun contrat ni accord-cadre en attente de votre réponse.',
    },
  ];
  if (await collectsMilk(options.buyerId)) {
    sections.push({
      title: 'Collecte de lait',
      items: await milkItems(options.buyerId, options.now),
      empty: 'Rien à facturer ni de contestation ouverte.',
    });
  }
  return sections;
}

async function milkItems(dairyId: string, now: Date): Promise<AgendaItem[]> {
  const today = parisDayOf(now);
  const lastMonth = shiftMonth(today.slice(0, 7), -1);
  const month = await loadMilkMonth({ dairyId, month: lastMonth, today });
  const ready = month.rows.filter((row) => row.state === 'ready').length;
  const refused = month.rows.filter((row) => row.state === 'refused').length;
  const [contests] = await getSql()<{ n: number }[]>`
    select count(*)::int as n from milk_invoice_contests where dairy_id = ${dairyId} and status = 'open'`;
  const items: AgendaItem[] = [];
  if (ready + refused > 0) {
    items.push({
      text: `Paie du lait de ${monthLabel(lastMonth)}`,
      to: `lait/paie/${lastMonth}`,
      detail: `${ready} producteur(s) prêt(s) à facturer${refused > 0 ? `, ${refused} bloqué(s) (résultats ou mandat manquants)` : ''}`,
      urgency: 'soon',
    });
  }
  if ((contests?.n ?? 0) > 0) {
    items.push({
      text: 'Contestations de producteurs',
      to: 'lait/contestations',
      detail: `${contests!.n} à traiter`,
      urgency: 'soon',
    });
  }
  return items;
}

/** A producer organisation: members' requests, agreements to move, deliveries to invoice. */
export async function loadOpAgenda(options: { opId: string; now: Date }): Promise<AgendaSection[]> {
  const sql = getSql();
  const requests = await sql<
    { id: string; kind: string; subject: string; member: string; status: string }[]
  >`
    select r.id, r.kind, r.subject, p.name as member, r.status
    from op_member_requests r join organisations p on p.id = r.producer_id
    where r.op_id = ${options.opId} and r.status in ('open', 'in_progress')
    order by r.created_at limit 20`;
  const contested = (
    await listOpInvoiceReviews({ scope: { opId: options.opId }, today: parisDayOf(options.now) })
  ).filter((review) => review.review?.openContest);
  const [uninvoiced] = await sql<{ deliveries: number; first_on: string | null }[]>`
    select count(*)::int as deliveries, min(delivered_on)::text as first_on
    from op_deliveries where op_id = ${options.opId} and invoice_id is null`;
  return [
    {
      title: 'Demandes des membres',
      items: requests.map((request) => ({
        text: `${request.member} — ${request.subject}`,
        to: `membres-op/demandes/${request.id}`,
        detail: `${REQUEST_LABELS[request.kind] ?? 'autre demande'}, ${request.status === 'open' ? 'nouvelle' : 'en cours'}`,
      })),
      empty: 'Aucune demande en attente.',
    },
    {
      title: 'Accords-cadres',
      items: await agreementItems(options.opId, 'author'),
      empty: 'Aucun accord-cadre en attente de votre part.',
    },
    {
      title: 'Facturation pour les membres',
      items: [
        ...(uninvoiced && uninvoiced.deliveries > 0
          ? [
              {
                text: `${uninvoiced.deliveries} livraison(s) à facturer`,
                to: 'livraisons-op',
                detail: `depuis le ${formatDay(uninvoiced.first_on!)}`,
                urgency: 'soon' as const,
              },
            ]
          : []),
        ...contested.map((review) => ({
          text: `Contestation de ${review.memberName} — facture ${review.number}`,
          to: `factures-op/${review.invoiceId}`,
          detail: `à ${review.buyerName} : rejetez-la avec vos motifs ou corrigez la facture`,
          urgency: 'soon' as const,
        })),
      ],
      empty: 'Toutes les livraisons enregistrées sont facturées, aucune contestation ouverte.',
    },
  ];
}

const REQUEST_LABELS: Record<string, string> = {
  join: 'demande d’adhésion',
  leave: 'demande de départ',
  volume_change: 'changement de volume',
  question: 'question',
  other: 'autre demande',
};
