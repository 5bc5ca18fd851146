import { Form } from '@remix-run/react';

/**
 * Sections shared by the pages of documents negotiated in writing (Egalim contracts, framework
 * agreements): the outcome of the last action, the mandatory-clause issues, the clauses with a
 * price preview, and the history of the written proposals.
 */

type Section = { title: string; lines: string[] };
type Preview = { ok: true; day: string; trace: string[] } | { ok: false; message: string } | null;

export function ActionOutcome({ result }: { result?: { message?: string; issues?: string[] } }) {
  if (!result?.message) {
    return null;
  }
  return (
    <div role="alert" className="form-errors">
      <p>{result.message}</p>
      {result.issues?.length ? (
        <ul>
          {result.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ClauseIssues({
  issues,
  complete,
  articles,
}: {
  issues: string[];
  /** Said when nothing is missing. */
  complete: string;
  /** The articles the clauses come from, e.g. « art. L631-24 III CRPM ». */
  articles: string;
}) {
  return (
    <section aria-labelledby="issues-title">
      <h3 id="issues-title">Clauses obligatoires</h3>
      {issues.length === 0 ? (
        <p>{complete}</p>
      ) : (
        <>
          <p>
            {issues.length} point(s) à régler avant la signature ({articles}) :
          </p>
          <ul className="contract-issues">
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function TermsSections({
  versions,
  sections,
  preview,
  previewTitle,
}: {
  versions: number;
  sections: Section[];
  preview: Preview;
  previewTitle: string;
}) {
  return (
    <section aria-labelledby="terms-title">
      <h3 id="terms-title">Conditions {versions > 0 ? `(version ${versions})` : '(brouillon)'}</h3>
      {sections.map((section) => (
        <div key={section.title}>
          <h4>{section.title}</h4>
          <ul>
            {section.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ))}
      {preview ? (
        preview.ok ? (
          <details open>
            <summary>
              {previewTitle} {preview.day}
            </summary>
            <ol className="price-trace">
              {preview.trace.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </details>
        ) : (
          <p className="muted">Prix non calculable aujourd’hui : {preview.message}</p>
        )
      ) : null}
    </section>
  );
}

export function VersionHistory({
  versions,
}: {
  versions: { number: number; label: string; at: string; reason: string | null }[];
}) {
  return (
    <section aria-labelledby="versions-title">
      <h3 id="versions-title">Historique des propositions</h3>
      {versions.length === 0 ? (
        <p className="muted">Aucune proposition envoyée.</p>
      ) : (
        <ol>
          {versions.map((version) => (
            <li key={version.number}>
              Version {version.number} — {version.label}, le {version.at}
              {version.reason ? ` — motif : « ${version.reason} »` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The end-of-life forms of a signed contract or framework agreement (L631-24 VI): the
 * non-renewal notice, and a termination for one of its cases with the notifying party's text.
 */
export function EndOfLifeForms({
  canNotice,
  canTerminate,
  noticeHint,
  cases,
  caseLabel,
  reasonLabel,
  reasonRequired = false,
}: {
  canNotice: boolean;
  canTerminate: boolean;
  noticeHint: string;
  cases: readonly string[];
  caseLabel: string;
  reasonLabel: string;
  reasonRequired?: boolean;
}) {
  return (
    <>
      {canNotice ? (
        <Form method="post" className="card">
          <h3>Non-reconduction</h3>
          <p className="muted">{noticeHint}</p>
          <button type="submit" name="intent" value="notice">
            Donner le préavis de non-reconduction
          </button>
        </Form>
      ) : null}
      {canTerminate && cases.length > 0 ? (
        <Form method="post" className="card stack">
          <h3>Résilier</h3>
          <div className="field">
            <label htmlFor="caseIndex">{caseLabel}</label>
            <select id="caseIndex" name="caseIndex">
              {cases.map((name, index) => (
                <option key={name} value={index}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="terminate-reason">{reasonLabel}</label>
            <textarea
              id="terminate-reason"
              name="reason"
              rows={2}
              {...(reasonRequired ? { required: true, minLength: 3 } : {})}
            />
          </div>
          <button type="submit" name="intent" value="terminate">
            Notifier la résiliation
          </button>
        </Form>
      ) : null}
    </>
  );
}
