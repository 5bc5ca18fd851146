import * as Y from 'yjs';
import { analyzeUpdate, type CheckedUpdate } from './analyze-update.ts';
import { trimNewContent } from './compact-content.ts';
import type { Connection } from './connection.ts';
import type { DocSession } from './doc-session.ts';
import { CELLS_MAP, getCells } from './layout.ts';
import { applyRefusal, markLocal } from './refusal.ts';
import { REJECTIONS, type Rejection } from './rejections.ts';
import type { AuthorizeResult } from './types.ts';

export type UpdateOutcome = 'applied' | 'refused' | 'deferred' | 'ignored';

/**
 * One incoming update: analyse, check structure, ask the policy, then apply it with the
 * server's rebase writes, or refuse it (placeholder + corrections + notice). Synchronous
 * unless the policy returns a Promise; the caller (DocQueue) runs one update at a time.
 */
export function processUpdate(
  session: DocSession,
  connection: Connection,
  bytes: Uint8Array,
  live: boolean,
): UpdateOutcome | Promise<UpdateOutcome> {
  const doc = session.doc;
  const analysis = analyzeUpdate(doc, bytes, { live, serverClientId: doc.clientID });
  if (analysis.kind === 'malformed') {
    connection.close(4400, 'message invalide');
    return 'ignored';
  }
  if (analysis.kind === 'missing') {
    return 'deferred';
  }
  if (analysis.kind === 'noop') {
    return 'ignored';
  }
  const foreign = session.clientOwners.foreignIn(analysis.update, connection.principal.userId);
  if (analysis.invalid !== null) {
    connection.noteInvalidUpdate();
    return refuse(session, connection, analysis, analysis.invalid, foreign);
  }
  const denial = writeDenial(session, connection);
  if (denial !== null) {
    return refuse(session, connection, analysis, denial, foreign);
  }
  if (foreign.size > 0) {
    return refuse(session, connection, analysis, REJECTIONS.foreignClient, foreign);
  }
  if (analysis.changes.length === 0) {
    return accept(session, connection, bytes, analysis);
  }
  const settle = (result: AuthorizeResult): UpdateOutcome => {
    // The sheet may have been closed while an asynchronous policy was thinking.
    const lateDenial = writeDenial(session, connection);
    if (lateDenial !== null) {
      return refuse(session, connection, analysis, lateDenial, foreign);
    }
    if (!isAuthorizeResult(result)) {
      return failed(new Error(`invalid policy answer: ${JSON.stringify(result)}`));
    }
    if (result.ok) {
      return accept(session, connection, bytes, analysis);
    }
    return refuse(
      session,
      connection,
      analysis,
      { code: result.code, message: result.message },
      foreign,
    );
  };
  const failed = (error: unknown): UpdateOutcome => {
    session.logger.error('sync.policy-failed', { sheetId: session.sheetId, error: String(error) });
    return refuse(session, connection, analysis, REJECTIONS.policyError, foreign);
  };
  let result: AuthorizeResult | Promise<AuthorizeResult>;
  try {
    result = session.policy.authorize({
      sheetId: session.sheetId,
      principal: connection.principal,
      changes: analysis.changes,
      cells: session.cellsView,
    });
  } catch (error) {
    return failed(error);
  }
  return isThenable(result) ? Promise.resolve(result).then(settle, failed) : settle(result);
}

function isAuthorizeResult(value: unknown): value is AuthorizeResult {
  if (typeof value !== 'object' || value === null || !('ok' in value)) {
    return false;
  }
  if (value.ok === true) {
    return true;
  }
  return (
    value.ok === false &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function';
}

function serverOnly(session: DocSession): ReadonlySet<number> {
  return new Set([session.doc.clientID]);
}

function writeDenial(session: DocSession, connection: Connection): Rejection | null {
  if (session.isClosedForWrites) {
    return REJECTIONS.sheetClosed;
  }
  return connection.readOnly ? REJECTIONS.readOnly : null;
}

function accept(
  session: DocSession,
  connection: Connection,
  bytes: Uint8Array,
  checked: CheckedUpdate,
): UpdateOutcome {
  const doc = session.doc;
  const cells = getCells(doc);
  const expected = new Set<string | null>(checked.changes.map((change) => change.key));
  const unexpected: string[] = [];
  session.clientOwners.claimAll(checked.update, connection.principal.userId, serverOnly(session));
  session.writeWithMeta(
    { kind: 'edit', principal: connection.principal, changes: checked.changes },
    () =>
      doc.transact((transaction) => {
        Y.applyUpdate(doc, bytes, connection);
        markLocal(transaction);
        for (const rebase of checked.rebases) {
          if (rebase.value === undefined) {
            cells.delete(rebase.key);
          } else {
            cells.set(rebase.key, rebase.value);
          }
        }
        for (const [type, keys] of transaction.changed) {
          for (const key of keys) {
            if ((type as unknown) !== cells || !expected.has(key)) {
              unexpected.push(String(key));
            }
          }
        }
      }, connection),
    // Without rebase writes the update is the sender's own: it is not echoed back to it.
    checked.rebases.length === 0 ? connection : undefined,
  );
  trimNewContent(doc, checked.update.byClient);
  // Safety net for the prediction in key-winner.ts: the policy approved these values.
  const mismatched = checked.changes.filter((change) => cells.get(change.key) !== change.newValue);
  if (unexpected.length > 0 || mismatched.length > 0) {
    session.logger.error('sync.prediction-mismatch', {
      sheetId: session.sheetId,
      unexpected,
      mismatched: mismatched.map((change) => change.key),
    });
  }
  return 'applied';
}

function refuse(
  session: DocSession,
  connection: Connection,
  checked: CheckedUpdate,
  rejection: Rejection,
  foreign: ReadonlySet<number>,
): UpdateOutcome {
  const principal = connection.principal;
  const skipped = new Set([...foreign, session.doc.clientID]);
  session.clientOwners.claimAll(checked.update, principal.userId, skipped);
  session.writeWithMeta({ kind: 'rejection', principal, changes: [], rejection }, () =>
    applyRefusal(session.doc, checked, skipped),
  );
  const keys = checked.touched.filter((touched) => touched.root === CELLS_MAP).map((t) => t.key);
  session.logger.info('sync.update-refused', {
    sheetId: session.sheetId,
    userId: principal.userId,
    code: rejection.code,
    keys,
  });
  // After the correction is relayed, so the notice never arrives before the fix.
  session.batcher.afterRelay(() =>
    connection.sendNotice({
      type: 'rejected',
      code: rejection.code,
      message: rejection.message,
      keys,
    }),
  );
  return 'refused';
}
