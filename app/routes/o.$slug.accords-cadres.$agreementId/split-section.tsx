import { Form } from '@remix-run/react';

export type SplitView = {
  total: string | null;
  period: string | null;
  tolerance: string;
  rows: {
    memberId: string;
    member: string;
    reference: string;
    proposed: string;
    saved: string | null;
    /** Input value (a number as French users type it, no unit). */
    value: string;
  }[];
  gaps: {
    member: string;
    split: string;
    delivered: string;
    gap: string;
    share: string;
    status: string;
  }[];
};

/** Split of the agreement's volume among members (EG-21 2°) and delivered vs split (3°). */
export function SplitSection({ split, canEdit }: { split: SplitView; canEdit: boolean }) {
  if (split.total === null) {
    return <p className="muted">La quantité totale de l’accord n’est pas encore fixée.</p>;
  }
  return (
    <>
      <p>
        Volume annuel à répartir : <strong>{split.total}</strong>. Proposition au prorata des
        volumes de référence déclarés par les membres (méthode des plus forts restes) ; la somme est
        toujours égale au total.
      </p>
      <Form method="post" className="stack">
        <table>
          <thead>
            <tr>
              <th scope="col">Membre</th>
              <th scope="col">Volume de référence</th>
              <th scope="col">Part proposée</th>
              <th scope="col">Part retenue</th>
            </tr>
          </thead>
          <tbody>
            {split.rows.map((row) => (
              <tr key={row.memberId}>
                <td>{row.member}</td>
                <td>{row.reference}</td>
                <td>{row.proposed}</td>
                <td>
                  {canEdit ? (
                    <input
                      name={`share.${row.memberId}`}
                      defaultValue={row.value}
                      inputMode="decimal"
                      aria-label={`Part retenue pour ${row.member}`}
                    />
                  ) : (
                    (row.saved ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit ? (
          <button type="submit" name="intent" value="save-split">
            Enregistrer la répartition
          </button>
        ) : null}
      </Form>
      {split.gaps.length > 0 ? (
        <>
          <h4>
            Livré et réparti, {split.period} (tolérance ± {split.tolerance})
          </h4>
          <table>
            <thead>
              <tr>
                <th scope="col">Membre</th>
                <th scope="col">Part</th>
                <th scope="col">Livré</th>
                <th scope="col">Écart</th>
                <th scope="col">Livré / part</th>
                <th scope="col">Situation</th>
              </tr>
            </thead>
            <tbody>
              {split.gaps.map((gap) => (
                <tr key={gap.member}>
                  <td>{gap.member}</td>
                  <td>{gap.split}</td>
                  <td>{gap.delivered}</td>
                  <td>{gap.gap}</td>
                  <td>{gap.share}</td>
                  <td>{gap.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
