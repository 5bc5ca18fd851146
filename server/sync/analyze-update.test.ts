import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptAndVerify, analyze, diff, expectChecked, makeDoc } from './analyze-test-helpers.ts';
import { getCells, getMeta } from './layout.ts';

// The analysis predicts what Yjs will do without applying anything; these tests hold it
// against Yjs itself: after applying an accepted update (plus the rebase writes) every
// predicted value must be what the server shows, and no other key may have changed.

describe('analyzeUpdate', () => {
  it('reports a first value, an overwrite and a deletion with old and new values', () => {
    const server = makeDoc(1);
    const client = makeDoc(10);
    getCells(client).set('h1:p1', 500);
    let checked = expectChecked(analyze(server, diff(client, server)));
    expect(checked.changes).toEqual([
      { key: 'h1:p1', householdId: 'h1', productId: 'p1', oldValue: undefined, newValue: 500 },
    ]);
    acceptAndVerify(server, diff(client, server), checked);
    getCells(client).set('h1:p1', 750);
    checked = expectChecked(analyze(server, diff(client, server)));
    expect(checked.changes).toMatchObject([{ oldValue: 500, newValue: 750 }]);
    acceptAndVerify(server, diff(client, server), checked);
    const before = Y.encodeStateVector(client);
    getCells(client).delete('h1:p1');
    const deletion = Y.encodeStateAsUpdate(client, before);
    checked = expectChecked(analyze(server, deletion, true));
    expect(checked.changes).toMatchObject([{ key: 'h1:p1', oldValue: 750, newValue: undefined }]);
    acceptAndVerify(server, deletion, checked);
  });

  it('ignores what the server already has, including a whole delete set in sync step 2', () => {
    const server = makeDoc(1);
    const client = makeDoc(10);
    for (const value of [1000, 2000, 3000]) {
      getCells(client).set('h1:p1', value);
    }
    getCells(client).set('h1:p2', 1000);
    getCells(client).delete('h1:p2');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(analyze(server, Y.encodeStateAsUpdate(client)).kind).toBe('noop');
  });

  it('orders concurrent writes by arrival: a later write that loses in Yjs is rebased', () => {
    const server = makeDoc(1);
    const high = makeDoc(900);
    const low = makeDoc(20);
    getCells(high).set('h1:p1', 1000);
    getCells(low).set('h1:p1', 2000);
    const first = expectChecked(analyze(server, diff(high, server)));
    acceptAndVerify(server, diff(high, server), first);
    const second = expectChecked(analyze(server, diff(low, server)));
    expect(second.changes).toMatchObject([{ oldValue: 1000, newValue: 2000 }]);
    expect(second.rebases).toEqual([{ key: 'h1:p1', value: 2000 }]);
    acceptAndVerify(server, diff(low, server), second);
  });

  it('waits for missing dependencies instead of leaving pending structs', () => {
    const server = makeDoc(1);
    const a = makeDoc(10);
    const b = makeDoc(20);
    getCells(a).set('h1:p1', 1000);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const before = Y.encodeStateVector(b);
    getCells(b).set('h1:p1', 2000);
    expect(analyze(server, Y.encodeStateAsUpdate(b, before), true).kind).toBe('missing');
  });

  it.each([
    [
      'a string',
      (doc: Y.Doc) => getCells(doc).set('h1:p1', 'beaucoup' as never),
      'invalid-quantity',
    ],
    ['a fraction', (doc: Y.Doc) => getCells(doc).set('h1:p1', 1.5), 'invalid-quantity'],
    ['a negative number', (doc: Y.Doc) => getCells(doc).set('h1:p1', -1000), 'invalid-quantity'],
    [
      'a nested type',
      (doc: Y.Doc) => getCells(doc).set('h1:p1', new Y.Map() as never),
      'invalid-structure',
    ],
    ['a meta write', (doc: Y.Doc) => getMeta(doc).set('schemaVersion', 2), 'invalid-structure'],
    ['another root type', (doc: Y.Doc) => doc.getArray('lines').push([1]), 'invalid-structure'],
    ['a malformed key', (doc: Y.Doc) => getCells(doc).set('h1', 1000), 'invalid-key'],
  ])('refuses %s before any policy', (_label, write, code) => {
    const server = makeDoc(1);
    const client = makeDoc(10);
    write(client);
    expect(expectChecked(analyze(server, Y.encodeStateAsUpdate(client))).invalid?.code).toBe(code);
  });

  it('keeps the server client ID across a rebase written with the update', () => {
    const server = makeDoc(1);
    const high = makeDoc(900);
    const low = makeDoc(20);
    getCells(high).set('h1:p1', 1000);
    getCells(low).set('h1:p1', 2000);
    acceptAndVerify(server, diff(high, server), expectChecked(analyze(server, diff(high, server))));
    acceptAndVerify(server, diff(low, server), expectChecked(analyze(server, diff(low, server))));
    expect(server.clientID).toBe(1);
  });

  it('refuses items forged under the server client ID', () => {
    const server = makeDoc(1);
    const client = makeDoc(1);
    getCells(client).set('h1:p1', 1000);
    const checked = expectChecked(analyze(server, Y.encodeStateAsUpdate(client)));
    expect(checked.invalid?.code).toBe('invalid-structure');
  });
});
