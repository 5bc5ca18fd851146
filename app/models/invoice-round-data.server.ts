import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  households,
  invoiceOrders,
  memberships,
  orderLines,
  orders,
  organisations,
  users,
} from '#app/db/schema.ts';
import type { OrderInput } from '#app/domain/invoicing/group-orders.ts';
import {
  type BuyerParty,
  type OrganisationIdentity,
  toHouseholdBuyer,
  toOrganisationBuyer,
  toSellerParty,
} from '#app/domain/invoicing/invoice-parties.ts';
import type { InvoiceParty, IsoDate, VatRegime } from '#app/domain/invoicing/invoice-types.ts';
import {
  type DeliveredOrderLine,
  toOrderLineInput,
} from '#app/domain/invoicing/order-line-input.ts';
import type { Transaction } from './invoice-numbering.server.ts';

/** Prefix of `OrderInput.customerId`: the customer is a household or an organisation. */
export type CustomerRef = { householdId: string | null; customerOrganisationId: string | null };

export type RoundInvoiceData = {
  orders: OrderInput[];
  /** Order line ids of each order, in the order its invoiced (non-zero) lines appear. */
  invoicedLineIds: Map<string, string[]>;
  sellers: Map<string, { party: InvoiceParty; vatRegime: VatRegime }>;
  buyers: Map<string, BuyerParty & CustomerRef>;
};

const identityColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  legalName: organisations.legalName,
  siren: organisations.siren,
  siret: organisations.siret,
  vatNumber: organisations.vatNumber,
  vatRegime: organisations.vatRegime,
  addressLine1: organisations.addressLine1,
  addressLine2: organisations.addressLine2,
  postalCode: organisations.postalCode,
  city: organisations.city,
  country: organisations.country,
  email: organisations.email,
};

export function customerKey(ref: CustomerRef): string {
  return ref.householdId ? `h:${ref.householdId}` : `o:${ref.customerOrganisationId}`;
}

/** Legal identities of organisations by id, as invoices print them. */
export async function loadOrganisations(tx: Transaction, ids: string[]) {
  if (ids.length === 0) {
    return new Map<string, OrganisationIdentity>();
  }
  const rows = await tx
    .select(identityColumns)
    .from(organisations)
    .where(inArray(organisations.id, ids));
  return new Map(rows.map(({ id, ...identity }) => [id, identity as OrganisationIdentity]));
}

async function loadHouseholdBuyers(
  tx: Transaction,
  householdIds: string[],
  problems: string[],
): Promise<Map<string, BuyerParty>> {
  const buyers = new Map<string, BuyerParty>();
  if (householdIds.length === 0) {
    return buyers;
  }
  const householdRows = await tx
    .select({ id: households.id, name: households.name, groupId: households.groupId })
    .from(households)
    .where(inArray(households.id, householdIds));
  const groupIds = [...new Set(householdRows.map((row) => row.groupId))];
  const groups = await loadOrganisations(tx, groupIds);
  const people = await tx
    .select({
      organisationId: memberships.organisationId,
      householdId: memberships.householdId,
      role: memberships.role,
      email: users.email,
      fullName: sql<string>`coalesce(${users.rawUserMetaData} ->> 'full_name', ${users.email})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.organisationId, groupIds))
    .orderBy(asc(memberships.createdAt), asc(users.email));
  for (const household of householdRows) {
    const group = groups.get(household.groupId);
    if (!group) {
      continue;
    }
    const members = people
      .filter((person) => person.householdId === household.id && person.email)
      .map((person) => ({ fullName: person.fullName, email: person.email ?? '' }));
    const contact = people.find(
      (person) =>
        person.organisationId === household.groupId &&
        (person.role === 'coordinator' || person.role === 'owner'),
    );
    const result = toHouseholdBuyer({
      name: household.name,
      members,
      group,
      fallbackEmail: contact?.email ?? null,
    });
    if (result.ok) {
      buyers.set(household.id, result.buyer);
    } else {
      problems.push(result.message);
    }
  }
  return buyers;
}

/**
 * Everything the pure invoicing core needs about a delivered round, read inside the issuing
 * transaction: its non-cancelled, not yet invoiced orders with their delivered lines, and the
 * identities of sellers and buyers. Problems (missing weight, incomplete identity…) are
 * collected, all of them, so the producer can fix everything in one go.
 */
export async function loadRoundInvoiceData(
  tx: Transaction,
  options: { roundId: string; deliveryDate: IsoDate },
): Promise<{ ok: true; data: RoundInvoiceData } | { ok: false; problems: string[] }> {
  const problems: string[] = [];
  const orderRows = await tx
    .select({
      id: orders.id,
      sellerId: orders.sellerId,
      householdId: orders.householdId,
      customerOrganisationId: orders.customerOrganisationId,
    })
    .from(orders)
    .leftJoin(invoiceOrders, eq(invoiceOrders.orderId, orders.id))
    .where(
      and(
        eq(orders.roundId, options.roundId),
        inArray(orders.status, ['open', 'confirmed']),
        isNull(invoiceOrders.orderId),
      ),
    )
    .orderBy(asc(orders.id));
  const lineRows = await tx
    .select({
      orderId: orderLines.orderId,
      orderLineId: orderLines.id,
      productName: orderLines.productName,
      saleUnit: orderLines.saleUnit,
      isVariableWeight: orderLines.isVariableWeight,
      quantityMilli: orderLines.quantityMilli,
      deliveredQuantityMilli: orderLines.deliveredQuantityMilli,
      actualWeightGrams: orderLines.actualWeightGrams,
      priceBasis: orderLines.priceBasis,
      unitPriceCents: orderLines.unitPriceCents,
      priceBaseQuantityMilli: orderLines.priceBaseQuantityMilli,
      vatRateBp: orderLines.vatRateBp,
      egalimCategory: orderLines.egalimCategory,
      contractReference: orderLines.contractReference,
      priceTrace: orderLines.priceTrace,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.roundId, options.roundId), inArray(orders.status, ['open', 'confirmed'])))
    .orderBy(asc(orderLines.productName), asc(orderLines.id));

  const sellerIds = [...new Set(orderRows.map((order) => order.sellerId))];
  const customerOrgIds = [
    ...new Set(orderRows.flatMap((order) => order.customerOrganisationId ?? [])),
  ];
  const orgs = await loadOrganisations(tx, [...new Set([...sellerIds, ...customerOrgIds])]);

  const sellers: RoundInvoiceData['sellers'] = new Map();
  for (const sellerId of sellerIds) {
    const org = orgs.get(sellerId);
    const seller = org ? toSellerParty(org) : undefined;
    if (seller?.ok) {
      sellers.set(sellerId, { party: seller.party, vatRegime: seller.vatRegime });
    } else if (seller) {
      problems.push(seller.message);
    }
  }

  const buyers: RoundInvoiceData['buyers'] = new Map();
  for (const orgId of customerOrgIds) {
    const org = orgs.get(orgId);
    const buyer = org ? toOrganisationBuyer(org) : undefined;
    if (buyer?.ok) {
      buyers.set(`o:${orgId}`, {
        ...buyer.buyer,
        householdId: null,
        customerOrganisationId: orgId,
      });
    } else if (buyer) {
      problems.push(buyer.message);
    }
  }
  const householdIds = [...new Set(orderRows.flatMap((order) => order.householdId ?? []))];
  const householdBuyers = await loadHouseholdBuyers(tx, householdIds, problems);
  for (const [householdId, buyer] of householdBuyers) {
    buyers.set(`h:${householdId}`, { ...buyer, householdId, customerOrganisationId: null });
  }

  const linesByOrder = new Map<string, DeliveredOrderLine[]>();
  for (const { orderId, ...line } of lineRows) {
    const list = linesByOrder.get(orderId) ?? [];
    list.push(line);
    linesByOrder.set(orderId, list);
  }
  const orderInputs: OrderInput[] = [];
  const invoicedLineIds = new Map<string, string[]>();
  for (const order of orderRows) {
    const regime = sellers.get(order.sellerId)?.vatRegime ?? 'liable';
    const inputs: OrderInput['lines'][number][] = [];
    const ids: string[] = [];
    for (const line of linesByOrder.get(order.id) ?? []) {
      const converted = toOrderLineInput(line, regime);
      if (!converted.ok) {
        problems.push(converted.message);
        continue;
      }
      inputs.push(converted.line);
      if (converted.line.quantityMilli > 0) {
        ids.push(line.orderLineId);
      }
    }
    orderInputs.push({
      orderId: order.id,
      sellerId: order.sellerId,
      customerId: customerKey(order),
      deliveryDate: options.deliveryDate,
      lines: inputs,
    });
    invoicedLineIds.set(order.id, ids);
  }
  const uniqueProblems = [...new Set(problems)];
  if (uniqueProblems.length > 0) {
    return { ok: false, problems: uniqueProblems };
  }
  return { ok: true, data: { orders: orderInputs, invoicedLineIds, sellers, buyers } };
}
