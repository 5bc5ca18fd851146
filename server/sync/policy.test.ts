import { afterEach, describe, expect, it } from 'vitest';
import {
  cellsOf,
  eventually,
  householdRowsPolicy,
  startTestServer,
  type TestServer,
} from './test-harness.ts';
import type { AuthorizeRequest, AuthorizeResult, SyncPolicy } from './types.ts';

let server: TestServer;

afterEach(async () => {
  await server.close();
});

describe('policy', () => {
  it('corrects a value the policy refuses and shows its reason', async () => {
    server = await startTestServer({ policy: householdRowsPolicy(5000) });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 4000);
    alice.cells.set('h1:p1', 6000);
    await eventually(() =>
      expect(alice.notices).toEqual([
        {
          type: 'rejected',
          code: 'above-maximum',
          message: 'Quantité au-dessus du maximum.',
          keys: ['h1:p1'],
        },
      ]),
    );
    expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 4000 });
    expect(server.logger.errors()).toEqual([]);
  });

  it('asks the policy with old and new values, deletions included', async () => {
    const requests: AuthorizeRequest[] = [];
    server = await startTestServer({
      policy: {
        authorize: (request) => {
          requests.push(request);
          return { ok: true };
        },
      },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1000);
    alice.cells.set('h1:p1', 1500);
    alice.cells.delete('h1:p1');
    await eventually(() => expect(requests).toHaveLength(3));
    expect(requests.map((r) => r.changes.map((c) => [c.oldValue, c.newValue]))).toEqual([
      [[undefined, 1000]],
      [[1000, 1500]],
      [[1500, undefined]],
    ]);
    expect(requests[0]).toMatchObject({ sheetId: 'sheet-1', principal: { userId: 'alice' } });
  });

  it('decides the updates of one sheet strictly in arrival order under an async policy', async () => {
    const calls: Array<{
      request: AuthorizeRequest;
      seen: number | undefined;
      release: (r: AuthorizeResult) => void;
    }> = [];
    const policy: SyncPolicy = {
      authorize: (request) =>
        new Promise((release) =>
          calls.push({ request, seen: request.cells.get('h1:p1'), release }),
        ),
    };
    server = await startTestServer({ policy });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);

    alice.cells.set('h1:p1', 1000);
    alice.cells.set('h1:p1', 2000);
    bruno.cells.set('h2:p1', 3000);
    // Presence is relayed as soon as it arrives; once each sees the other's presence, the
    // server has received the updates sent before it on the same socket.
    alice.provider.awareness.setLocalStateField('cell', 'h1:p1');
    bruno.provider.awareness.setLocalStateField('cell', 'h2:p1');
    await eventually(() => expect(alice.provider.awareness.getStates().size).toBe(2));
    await eventually(() => expect(bruno.provider.awareness.getStates().size).toBe(2));
    // Nothing else is asked while the first answer is pending, however long it takes.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.request.changes.map((c) => c.newValue)).toEqual([1000]);
    calls[0]!.release({ ok: true });
    await eventually(() => expect(calls).toHaveLength(2));
    // The second decision sees the state left by the first.
    expect(calls[1]!.request.changes.map((c) => [c.oldValue, c.newValue])).toEqual([[1000, 2000]]);
    expect(calls[1]!.seen).toBe(1000);
    calls[1]!.release({ ok: false, code: 'stock-exhausted', message: 'Plus de stock.' });
    await eventually(() => expect(calls).toHaveLength(3));
    expect(calls[2]!.request.principal.userId).toBe('bruno');
    expect(calls[2]!.seen).toBe(1000);
    calls[2]!.release({ ok: true });
    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 1000, 'h2:p1': 3000 }));
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 1000, 'h2:p1': 3000 }));
    expect(alice.notices.map((n) => n.code)).toEqual(['stock-exhausted']);
  });

  it('refuses when the policy answers something malformed', async () => {
    server = await startTestServer({
      policy: { authorize: () => ({ ok: false }) as unknown as AuthorizeResult },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1000);
    await eventually(() => expect(alice.notices.map((n) => n.code)).toEqual(['policy-error']));
    expect(cellsOf(alice.doc)).toEqual({});
    expect(server.logger.errors()).toEqual(['sync.policy-failed']);
  });

  it('refuses, without losing the sheet, when the policy throws', async () => {
    server = await startTestServer({
      policy: {
        authorize: () => {
          throw new Error('database unreachable');
        },
      },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1000);
    await eventually(() => expect(alice.notices.map((n) => n.code)).toEqual(['policy-error']));
    expect(cellsOf(alice.doc)).toEqual({});
    expect(server.logger.errors()).toEqual(['sync.policy-failed']);
  });
});
