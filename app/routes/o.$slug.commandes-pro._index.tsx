import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireProBuyer } from '#app/auth/require-egalim.server.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { listProStops } from '#app/models/egalim-pro-order.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireProBuyer(request, params.slug);
  const now = new Date();
  const stops = await listProStops({ buyerId: organisation.id, now });
  return json({
    base: `/o/${organisation.slug}/commandes-pro`,
    stops: stops.map((stop) => ({
      stopId: stop.stopId,
      producerName: stop.producerName,
      day: formatDay(stop.deliveryOn),
      title: stop.roundTitle,
      deadline: formatDateTime(new Date(stop.orderDeadlineAt)),
      isOpen: stop.isOpen,
      hasOrder: stop.hasOrder,
    })),
  });
}

export default function ProOrders() {
  const { base, stops } = useLoaderData<typeof loader>();
  return (
    <div>
      <h2>Commandes aux producteurs</h2>
      <p className="muted">
        Les tournées des producteurs qui livrent votre établissement. Chaque ligne est vérifiée au
        regard d’Egalim 2 : une vente qui exige un contrat écrit n’est acceptée que sous un contrat
        signé, au prix de sa formule.
      </p>
      {stops.length === 0 ? (
        <p>Aucune tournée ne vous livre pour l’instant.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Livraison</th>
              <th scope="col">Producteur</th>
              <th scope="col">Commandes jusqu’au</th>
              <th scope="col">Votre commande</th>
            </tr>
          </thead>
          <tbody>
            {stops.map((stop) => (
              <tr key={stop.stopId}>
                <td>
                  <Link to={`${base}/${stop.stopId}`}>
                    {stop.day}
                    {stop.title ? ` — ${stop.title}` : ''}
                  </Link>
                </td>
                <td>{stop.producerName}</td>
                <td>{stop.isOpen ? stop.deadline : `Closes (${stop.deadline})`}</td>
                <td>{stop.hasOrder ? 'Passée' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
