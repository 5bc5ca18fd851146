/**
 * Progress of the invoice issuing running for a round, for the page that polls it. In-process
 * memory is enough: one server process issues a round in one transaction, and a restart loses
 * only the progress bar (the transaction either committed or rolled back).
 */
export type IssueProgressState = {
  done: number;
  total: number;
  /** 'running' while the transaction is open; then its outcome. */
  state: 'running' | 'finished';
};

const progress = new Map<string, IssueProgressState>();

export function startIssueProgress(roundId: string): void {
  progress.set(roundId, { done: 0, total: 0, state: 'running' });
}

export function reportIssueProgress(roundId: string, done: number, total: number): void {
  progress.set(roundId, { done, total, state: 'running' });
}

export function finishIssueProgress(roundId: string): void {
  const current = progress.get(roundId);
  progress.set(roundId, {
    done: current?.done ?? 0,
    total: current?.total ?? 0,
    state: 'finished',
  });
  // Keep the final state a little for the last poll, then forget it.
  setTimeout(() => {
    if (progress.get(roundId)?.state === 'finished') {
      progress.delete(roundId);
    }
  }, 60_000).unref();
}

export function getIssueProgress(roundId: string): IssueProgressState | null {
  return progress.get(roundId) ?? null;
}
