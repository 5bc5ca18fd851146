import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { addDays, instantToParisLocal, parisTimeOf } from '#app/domain/calendar/paris-time.ts';
import { formatEuroCents, formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { KIND_LABELS } from '#app/domain/organisations/roles.ts';
import { minimumProgress } from '#app/domain/rounds/minimum-order.ts';
import { PICKING_VIEW_TITLES, PICKING_VIEWS } from '#app/domain/rounds/picking-list-view.ts';
import { formatPickedQuantity, saleUnitLabel } from '#app/domain/rounds/quantity-label.ts';
import { formatCents, formatDateTime, formatDay } from '#app/i18n/format.ts';
import { isRoundEditable } from '#app/models/round.server.ts';
import { listOfferableProducts, listOffers } from '#app/models/round-offer.server.ts';
import { listStops, searchStopOrganisations } from '#app/models/round-stop.server.ts';
import { handleRoundAction } from './actions.server.ts';
import { DuplicateSection, OffersSection, PickingSection, StopsSection } from './sections.tsx';

const STATUS_LABELS = {
  planned: 'Planifiée',
  delivered: 'Livrée',
  invoiced: 'Facturée',
  cancelled: 'Annulée',
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, round } = await requireProducerRound(request, params);
  const query = new URL(request.url).searchParams.get('q')?.slice(0, 80) ?? '';
  const [stops, offers, products, candidates] = await Promise.all([
    listStops(round.id),
    listOffers(round.id),
    listOfferableProducts({ producerId: organisation.id, roundId: round.id }),
    searchStopOrganisations({ query }),
  ]);
  const base = `/o/${organisation.slug}/tournees/${round.id}`;
  return json({
    round: {
      id: round.id,
      title: round.title,
      day: formatDay(round.deliveryOn),
      statusLabel: STATUS_LABELS[round.status],
      isEditable: isRoundEditable(round),
    },
    query,
    stops: stops.map((s) => ({
      id: s.id,
      position: s.position,
      name: s.organisationName,
      kindLabel: KIND_LABELS[s.organisationKind],
      address: s.address,
      window:
        s.windowStartAt || s.windowEndAt
          ? `${s.windowStartAt ? parisTimeOf(s.windowStartAt) : '…'} – ${s.windowEndAt ? parisTimeOf(s.windowEndAt) : '…'}`
          : null,
      deadline: formatDateTime(s.orderDeadlineAt),
      orderCount: s.orderCount,
      minimumOrder: s.minimumOrderCents === null ? '' : formatEuroCents(s.minimumOrderCents),
      minimumStatus: minimumStatus(s.orderedCents, s.minimumOrderCents),
    })),
    offers: offers.map((o) => ({
      id: o.id,
      productName: o.productName,
      unit: o.isVariableWeight ? 'pièce' : saleUnitLabel(o.saleUnit, 1000),
      stock: o.stockMilli === null ? '' : formatQuantityMilli(o.stockMilli),
      ordered: formatPickedQuantity({ ...o, quantityMilli: o.orderedMilli, estimatedGrams: null }),
      consumerPrice: formatCents(o.consumerPriceGrossCents),
      proPrice: o.proPriceNetCents === null ? null : formatCents(o.proPriceNetCents),
      consumerOverride:
        o.consumerPriceOverrideCents === null ? '' : formatEuroCents(o.consumerPriceOverrideCents),
      proOverride: o.proPriceOverrideCents === null ? '' : formatEuroCents(o.proPriceOverrideCents),
    })),
    products: products.map((p) => ({
      value: p.id,
      label: `${p.name} (${p.sku}, ${saleUnitLabel(p.saleUnit, 1000)})`,
    })),
    candidates: candidates
      .filter((c) => !stops.some((s) => s.organisationId === c.id))
      .map((c) => ({ value: c.id, label: `${c.name} — ${KIND_LABELS[c.kind]}` })),
    defaults: {
      // Orders usually close two days before, at 18:00 (Paris).
      orderDeadline: `${addDays(round.deliveryOn, -2)}T18:00`,
      duplicateOn: addDays(round.deliveryOn, 7),
      minDeadline: instantToParisLocal(new Date()),
    },
    picking: Object.entries(PICKING_VIEWS).map(([param, view]) => ({
      title: PICKING_VIEW_TITLES[view],
      pdf: `${base}/preparation.pdf?par=${param}`,
      csv: `${base}/preparation.csv?par=${param}`,
    })),
  });
}

/** « Minimum 150,00 € · commandé 123,40 € : il manque 26,60 € » (or « … : atteint »). */
function minimumStatus(orderedCents: number, minimumCents: number | null): string {
  const ordered = `commandé ${formatCents(orderedCents)}`;
  const progress = minimumProgress(orderedCents, minimumCents);
  if (progress === null || minimumCents === null) {
    return `Pas de minimum · ${ordered}`;
  }
  const outcome = progress.reached ? 'atteint' : `il manque ${formatCents(progress.missingCents)}`;
  return `Minimum ${formatCents(minimumCents)} · ${ordered} : ${outcome}`;
}

export async function action(args: ActionFunctionArgs) {
  return handleRoundAction(args);
}

export default function RoundPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { round } = data;
  return (
    <div>
      <h2>
        Tournée du {round.day}
        {round.title ? ` — ${round.title}` : ''}
      </h2>
      <p className="muted">État : {round.statusLabel}</p>
      <StopsSection data={data} actionData={actionData} />
      <OffersSection data={data} actionData={actionData} />
      <PickingSection links={data.picking} />
      <DuplicateSection defaultDay={data.defaults.duplicateOn} actionData={actionData} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Tournée du ${data.round.day} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
