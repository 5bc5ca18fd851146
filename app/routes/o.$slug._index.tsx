import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { hasPermission } from '#app/domain/organisations/roles.ts';
import { VAT_REGIME_LABELS } from '#app/domain/organisations/schemas.ts';
import {
  loadBuyerAgenda,
  loadGroupAgenda,
  loadOpAgenda,
  loadProducerAgenda,
} from '#app/models/dashboard.server.ts';
import { collectsMilk } from '#app/models/milk-supplier.server.ts';
import { listHouseholds } from '#app/models/organisation.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, householdId, role } = await requireOrganisationPermission(
    request,
    params.slug,
    'organisation.view',
  );
  const households = organisation.kind === 'group' ? await listHouseholds(organisation.id) : [];
  // A buyer that does not collect milk yet starts here (its « Lait » tab shows once it does).
  const canStartMilk =
    organisation.kind === 'buyer' &&
    hasPermission(role, 'milk.manage') &&
    !(await collectsMilk(organisation.id));
  const now = new Date();
  const agenda =
    organisation.kind === 'group'
      ? await loadGroupAgenda({
          groupId: organisation.id,
          householdId,
          canManage: hasPermission(role, 'sheets.manage'),
          now,
        })
      : organisation.kind === 'producer' && hasPermission(role, 'rounds.manage')
        ? await loadProducerAgenda({ producerId: organisation.id, now })
        : organisation.kind === 'buyer' && hasPermission(role, 'pro-orders.manage')
          ? await loadBuyerAgenda({ buyerId: organisation.id, now })
          : organisation.kind === 'op' && hasPermission(role, 'op.manage')
            ? await loadOpAgenda({ opId: organisation.id, now })
            : [];
  return json({
    agenda,
    identity: {
      legalName: organisation.legalName ?? organisation.name,
      siret: organisation.siret,
      vatNumber: organisation.vatNumber,
      vatRegime: organisation.vatRegime ? VAT_REGIME_LABELS[organisation.vatRegime] : null,
      address: [
        organisation.addressLine1,
        organisation.addressLine2,
        `${organisation.postalCode ?? ''} ${organisation.city ?? ''}`.trim(),
      ]
        .filter(Boolean)
        .join(', '),
    },
    myHousehold: households.find((h) => h.id === householdId)?.name ?? null,
    householdCount: households.length,
    isGroup: organisation.kind === 'group',
    canStartMilk,
  });
}

export default function OrganisationDashboard() {
  const { agenda, identity, myHousehold, householdCount, isGroup, canStartMilk } =
    useLoaderData<typeof loader>();
  return (
    <div>
      {agenda.length > 0 ? (
        <section aria-labelledby="agenda-title">
          <h2 id="agenda-title">Cette semaine</h2>
          <div className="cards">
            {agenda.map((section) => (
              <article key={section.title} className="card" aria-label={section.title}>
                <h3>{section.title}</h3>
                {section.items.length === 0 ? (
                  <p className="muted">{section.empty}</p>
                ) : (
                  <ul className="agenda">
                    {section.items.map((item) => (
                      <li
                        key={`${item.to}|${item.text}`}
                        className={
                          item.urgency === 'today' || item.urgency === 'soon' ? 'agenda-urgent' : ''
                        }
                      >
                        <Link to={item.to}>{item.text}</Link>
                        {item.detail ? <span className="muted"> — {item.detail}</span> : null}
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            ))}
          </div>
        </section>
      ) : null}
      <div className="cards">
        <article className="card">
          <h2>Identité</h2>
          <dl>
            <dt>Raison sociale</dt>
            <dd>{identity.legalName}</dd>
            <dt>SIRET</dt>
            <dd>{identity.siret ?? 'non renseigné'}</dd>
            <dt>TVA</dt>
            <dd>{identity.vatNumber ?? 'non renseigné'}</dd>
            <dt>Régime</dt>
            <dd>{identity.vatRegime ?? 'non renseigné'}</dd>
            <dt>Adresse</dt>
            <dd>{identity.address || 'non renseignée'}</dd>
          </dl>
        </article>
        {isGroup ? (
          <article className="card">
            <h2>Groupe</h2>
            <p>{householdCount} foyer(s) dans le groupe.</p>
            {myHousehold ? <p>Votre foyer : {myHousehold}</p> : null}
          </article>
        ) : null}
        {canStartMilk ? (
          <article className="card">
            <h2>Collecte de lait</h2>
            <p>
              Vous collectez le lait de producteurs ? Cabas calcule leur paie du mois (composition,
              qualité, primes) et émet les factures en autofacturation sous leur mandat.
            </p>
            <Link to="lait">Commencer la collecte de lait</Link>
          </article>
        ) : null}
      </div>
    </div>
  );
}
