import { useFetcher } from '@remix-run/react';
import { useEffect } from 'react';
import { FormErrors } from '#app/components/forms.tsx';
import type { IssueProgressState } from '#app/utils/issue-progress.server.ts';
import type { action } from './route.tsx';

const POLL_MS = 400;

/**
 * « Émettre les factures de la tournée »: submitted by a fetcher so the page stays, while a
 * second fetcher polls the progress endpoint until the transaction ends (then the action
 * redirects with its toast, or answers the problems that refused the issue).
 */
export function IssueSection(props: {
  status: 'planned' | 'delivered' | 'invoiced' | 'cancelled';
  progressUrl: string;
  problems: string[] | undefined;
}) {
  const issue = useFetcher<typeof action>();
  const progress = useFetcher<{ progress: IssueProgressState | null }>();
  const busy = issue.state !== 'idle';
  const { load } = progress;
  useEffect(() => {
    if (!busy) {
      return;
    }
    const timer = setInterval(() => load(props.progressUrl), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, load, props.progressUrl]);
  const current = busy ? progress.data?.progress : null;
  const problems = issue.data?.problems ?? props.problems;
  return (
    <section className="card" aria-labelledby="issue-title">
      <h3 id="issue-title">2. Émission des factures</h3>
      {props.status === 'planned' ? (
        <p className="muted">
          Saisissez la livraison puis marquez la tournée livrée pour pouvoir émettre ses factures.
        </p>
      ) : null}
      {props.status === 'invoiced' ? <p>Les factures de cette tournée sont émises.</p> : null}
      {props.status === 'delivered' ? (
        <issue.Form method="post">
          <p className="hint">
            Une facture par client, numérotée sans trou ; une fois émise, une facture ne se modifie
            plus (corrections par avoir).
          </p>
          <button type="submit" name="intent" value="issue" disabled={busy}>
            Émettre les factures de la tournée
          </button>
        </issue.Form>
      ) : null}
      {busy ? (
        <p role="status" aria-live="polite">
          Émission en cours…{' '}
          {current && current.total > 0 ? (
            <>
              <progress value={current.done} max={current.total} /> {current.done} / {current.total}{' '}
              factures
            </>
          ) : null}
        </p>
      ) : null}
      <FormErrors id="issue-errors" errors={problems} />
    </section>
  );
}
