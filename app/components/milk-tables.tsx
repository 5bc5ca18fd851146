import type { ReactNode } from 'react';
import { ANALYSIS_MEASURES, MEASURE_LABELS } from '#app/domain/milk/records.ts';

export type AnalysisRowView = { id: string; day: string; sampleRef: string; values: string[] };

/** Lab results, one row per sample; `actions` adds a last cell (correction, deletion). */
export function AnalysesTable({
  rows,
  producerOf,
  actions,
}: {
  rows: readonly AnalysisRowView[];
  producerOf?: (id: string) => string;
  actions?: (id: string) => ReactNode;
}) {
  if (rows.length === 0) {
    return <p className="muted">Aucune analyse.</p>;
  }
  return (
    <div className="milk-table-scroll">
      <table className="milk-table" aria-label="Analyses">
        <thead>
          <tr>
            <th scope="col">Prélevé le</th>
            {producerOf ? <th scope="col">Producteur</th> : null}
            <th scope="col">Échantillon</th>
            {ANALYSIS_MEASURES.map((measure) => (
              <th key={measure} scope="col" className="number">
                {MEASURE_LABELS[measure]}
              </th>
            ))}
            {actions ? <th scope="col">Correction</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{row.day}</td>
              {producerOf ? <td>{producerOf(row.id)}</td> : null}
              <td>{row.sampleRef}</td>
              {row.values.map((value, index) => (
                <td key={ANALYSIS_MEASURES[index]} className="number">
                  {value}
                </td>
              ))}
              {actions ? <td>{actions(row.id)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
