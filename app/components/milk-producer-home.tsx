import { Link } from '@remix-run/react';
import type { ProducerMilkHome } from '#app/models/milk-views.server.ts';
import { MilkPayFigures } from './milk-pay.tsx';
import { AnalysesTable } from './milk-tables.tsx';

/**
 * The producer's « Lait » page (MILK-03: the producer is told the quantity of each collection):
 * per dairy, this month's collections as they are recorded, the latest lab results, the
 * provisional pay, then every monthly statement with its self-billed invoice.
 */
export function MilkProducerHome({ home }: { home: ProducerMilkHome }) {
  if (home.dairies.length === 0) {
    return <p className="muted">Aucune laiterie ne collecte votre lait sur Cabas.</p>;
  }
  return (
    <div>
      <h2>Lait livré</h2>
      <p className="muted">
        Au remboursement forfaitaire : attestation annuelle des paiements à joindre à votre demande
        (CSV) :{' '}
        {home.attestations.map((a, index) => (
          <span key={a.year}>
            {index > 0 ? ' · ' : ''}
            <a href={a.href}>{a.year}</a>
          </span>
        ))}
      </p>
      {home.dairies.map((dairy) => (
        <section key={dairy.dairyId} className="card" aria-labelledby={`dairy-${dairy.dairyId}`}>
          <h3 id={`dairy-${dairy.dairyId}`}>
            {dairy.name} <span className="muted">(fournisseur n° {dairy.code})</span>
          </h3>
          <h4>
            Collectes de {home.monthLabel} : {dairy.litres}
          </h4>
          {dairy.collections.length === 0 ? (
            <p className="muted">Aucune collecte enregistrée ce mois-ci.</p>
          ) : (
            <div className="milk-table-scroll">
              <table className="milk-table" aria-label={`Collectes de ${home.monthLabel}`}>
                <thead>
                  <tr>
                    <th scope="col">Jour</th>
                    <th scope="col">Tournée</th>
                    <th scope="col">Cuve</th>
                    <th scope="col" className="number">
                      Litres
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {dairy.collections.map((collection) => (
                    <tr key={collection.id}>
                      <td>{collection.day}</td>
                      <td>{collection.tour}</td>
                      <td>{collection.tank}</td>
                      <td className="number">{collection.litres}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h4>Analyses du laboratoire (deux derniers mois)</h4>
          <AnalysesTable rows={dairy.analyses} />
          {dairy.provisional ? (
            <MilkPayFigures
              figures={dairy.provisional}
              title={`Paie provisoire de ${home.monthLabel} (sur les collectes et analyses à ce jour)`}
            />
          ) : dairy.provisionalProblems.length > 0 ? (
            <p className="muted">
              Paie provisoire indisponible : {dairy.provisionalProblems.join(' ')}
            </p>
          ) : null}
          <h4>Bulletins de paie et factures d’autofacturation</h4>
          {dairy.statements.length === 0 ? (
            <p className="muted">Aucun mois facturé pour l’instant.</p>
          ) : (
            <div className="milk-table-scroll">
              <table className="milk-table">
                <thead>
                  <tr>
                    <th scope="col">Mois</th>
                    <th scope="col">Facture</th>
                    <th scope="col">Émise le</th>
                    <th scope="col" className="number">
                      Litres
                    </th>
                    <th scope="col" className="number">
                      Prix
                    </th>
                    <th scope="col" className="number">
                      Total
                    </th>
                    <th scope="col">Contestation</th>
                  </tr>
                </thead>
                <tbody>
                  {dairy.statements.map((statement) => (
                    <tr key={statement.id}>
                      <td>
                        <Link to={statement.href}>Bulletin de {statement.monthLabel}</Link>
                      </td>
                      <td>
                        <Link to={statement.invoiceHref}>{statement.invoiceNumber}</Link>
                      </td>
                      <td>{statement.issuedOn}</td>
                      <td className="number">{statement.figures.litres}</td>
                      <td className="number">{statement.figures.price}</td>
                      <td className="number">{statement.gross}</td>
                      <td>
                        {statement.openContest
                          ? `contestée le ${statement.openContest.contestedOn}`
                          : statement.canContest
                            ? `possible jusqu’au ${statement.contestDeadline}`
                            : 'délai passé'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
