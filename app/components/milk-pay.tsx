import type { PayFigures } from '#app/models/milk-views.server.ts';

/** A month's pay: results, price, amounts, warnings and the step-by-step computation. */
export function MilkPayFigures({ figures, title }: { figures: PayFigures; title?: string }) {
  return (
    <div>
      {title ? <h4>{title}</h4> : null}
      {figures.warnings.map((warning) => (
        <p key={warning} className="milk-warning" role="alert">
          {warning}
        </p>
      ))}
      <dl className="milk-figures">
        <dt>Litres</dt>
        <dd>
          {figures.litres} ({figures.collections} collecte(s))
        </dd>
        <dt>Matière grasse</dt>
        <dd>{figures.fat}</dd>
        <dt>Matière protéique</dt>
        <dd>{figures.protein}</dd>
        <dt>Germes</dt>
        <dd>{figures.germs}</dd>
        <dt>Cellules</dt>
        <dd>{figures.cells}</dd>
        <dt>Prix du lait</dt>
        <dd>{figures.price}</dd>
        <dt>Montant HT</dt>
        <dd>{figures.net}</dd>
        <dt>TVA</dt>
        <dd>{figures.vat}</dd>
        <dt>Total</dt>
        <dd>{figures.total}</dd>
        {figures.refund ? (
          <>
            <dt>Remboursement forfaitaire à demander</dt>
            <dd>{figures.refund}</dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>Détail du calcul</summary>
        <ol className="milk-trace">
          {figures.trace.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </details>
      {figures.euChecks.length > 0 ? (
        <ul className="milk-trace" aria-label="Limites européennes">
          {figures.euChecks.map((check) => (
            <li key={check.text} className={check.isAbove ? 'milk-state-refused' : undefined}>
              {check.text}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
