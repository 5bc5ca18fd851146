import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';

/** Problems of an import or a grid save, row by row and column by column, in French. */
export function ImportErrorReport(props: {
  errors: readonly CsvImportError[];
  title: string;
  lineLabel?: string;
}) {
  const { errors, title, lineLabel = 'Ligne' } = props;
  if (errors.length === 0) {
    return null;
  }
  return (
    <section className="import-report" role="alert" aria-labelledby="import-report-title">
      <h2 id="import-report-title">{title}</h2>
      <p>
        {errors.length === 1 ? '1 problème' : `${errors.length} problèmes`} — rien n’a été
        enregistré. Corrigez puis recommencez.
      </p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{lineLabel}</th>
              <th scope="col">Colonne</th>
              <th scope="col">Valeur</th>
              <th scope="col">Problème</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((error) => (
              <tr key={`${error.line}|${error.column}|${error.message}`}>
                <td>{error.line}</td>
                <td>{error.column ?? '—'}</td>
                <td>{error.value === null || error.value === '' ? '—' : `« ${error.value} »`}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
