import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { hasPermission, KIND_LABELS, ROLE_LABELS } from '#app/domain/organisations/roles.ts';
import { t } from '#app/i18n/fr.ts';
import { collectsMilk, isMilkProducer } from '#app/models/milk-supplier.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireOrganisationPermission(
    request,
    params.slug,
    'organisation.view',
  );
  return json({
    organisation: { slug: organisation.slug, name: organisation.name, kind: organisation.kind },
    kindLabel: KIND_LABELS[organisation.kind],
    roleLabel: ROLE_LABELS[role],
    can: {
      edit: hasPermission(role, 'organisation.edit'),
      members: hasPermission(role, 'members.view'),
      catalogue: organisation.kind === 'producer' && hasPermission(role, 'catalogue.manage'),
      rounds: organisation.kind === 'producer' && hasPermission(role, 'rounds.manage'),
      contracts:
        (organisation.kind === 'producer' || organisation.kind === 'buyer') &&
        hasPermission(role, 'contracts.manage'),
      indicators:
        (organisation.kind === 'producer' || organisation.kind === 'op') &&
        hasPermission(role, 'indicators.manage'),
      proOrders: organisation.kind === 'buyer' && hasPermission(role, 'pro-orders.manage'),
      sheets: organisation.kind === 'group',
      payments:
        (organisation.kind === 'producer' || organisation.kind === 'group') &&
        hasPermission(role, 'payments.manage'),
      // Milk: dairies (buyers with milk suppliers or a grid; any buyer starts from its
      // dashboard), and producers once a dairy collects them.
      milk:
        hasPermission(role, 'milk.manage') &&
        ((organisation.kind === 'buyer' && (await collectsMilk(organisation.id))) ||
          (organisation.kind === 'producer' && (await isMilkProducer(organisation.id)))),
      // Producer organisations: the OP's register (a producer's « Mon OP »), agreements with
      // buyers, deliveries and invoices on members' behalf, EG-22 export; billing mandates.
      op: organisation.kind === 'op' && hasPermission(role, 'op.manage'),
      myOp: organisation.kind === 'producer' && hasPermission(role, 'op.manage'),
      agreements:
        (organisation.kind === 'op' || organisation.kind === 'buyer') &&
        hasPermission(role, 'op.manage'),
      mandates: organisation.kind !== 'group' && hasPermission(role, 'mandates.manage'),
    },
  });
}

export default function OrganisationLayout() {
  const { organisation, kindLabel, roleLabel, can } = useLoaderData<typeof loader>();
  return (
    <section>
      <p className="muted">
        {kindLabel} · vous êtes {roleLabel.toLowerCase()}
      </p>
      <h1>{organisation.name}</h1>
      <nav className="tabs" aria-label="Sections de l’organisation">
        <NavLink to="." end>
          Tableau de bord
        </NavLink>
        {can.catalogue ? <NavLink to="catalogue">Catalogue</NavLink> : null}
        {can.rounds ? <NavLink to="tournees">Tournées</NavLink> : null}
        {can.proOrders ? <NavLink to="commandes-pro">{t('nav.proOrders')}</NavLink> : null}
        {can.sheets ? <NavLink to="feuilles">{t('nav.sheets')}</NavLink> : null}
        {can.contracts ? <NavLink to="contrats">{t('nav.contracts')}</NavLink> : null}
        {can.indicators ? <NavLink to="indicateurs">{t('nav.indicators')}</NavLink> : null}
        {can.contracts ? (
          <NavLink to="chiffre-affaires">
            {t(organisation.kind === 'producer' ? 'nav.turnoverProducer' : 'nav.turnoverBuyer')}
          </NavLink>
        ) : null}
        {can.milk ? <NavLink to="lait">{t('nav.milk')}</NavLink> : null}
        {can.op ? <NavLink to="membres-op">{t('nav.opMembers')}</NavLink> : null}
        {can.myOp ? <NavLink to="membres-op">{t('nav.myOp')}</NavLink> : null}
        {can.agreements ? <NavLink to="accords-cadres">{t('nav.agreements')}</NavLink> : null}
        {can.op ? <NavLink to="livraisons-op">{t('nav.opDeliveries')}</NavLink> : null}
        {can.op ? <NavLink to="factures-op">{t('nav.opInvoices')}</NavLink> : null}
        {can.agreements ? <NavLink to="export-egalim">{t('nav.egalimExport')}</NavLink> : null}
        {can.mandates ? <NavLink to="mandats">{t('nav.mandates')}</NavLink> : null}
        {can.rounds ? <NavLink to="factures">Factures</NavLink> : null}
        {can.payments ? <NavLink to="paiements">{t('nav.payments')}</NavLink> : null}
        {can.members ? <NavLink to="membres">Membres</NavLink> : null}
        {can.edit ? <NavLink to="identite">Identité légale</NavLink> : null}
      </nav>
      <Outlet />
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.organisation.name} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
