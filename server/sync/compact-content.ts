import * as Y from 'yjs';

// Memory of an open sheet. Yjs decodes the values of an item with `cs = []; cs.push(v)`:
// V8 gives such an array room for 17 elements on its first push, so every decoded cell
// (one value) keeps ~130 unused bytes — a quarter of a loaded 500 × 40 sheet (2.5 MiB of
// 10). Items the server writes itself (`new ContentAny([value])`), splits and merges
// (`slice`, `concat`) already get exact arrays. ContentAny never mutates its array in
// place (it reassigns `arr`), so swapping in an exact copy changes nothing but the size.

/** Replaces the values of every item from clock `from` of one client by an exact copy. */
function trimFrom(structs: Array<Y.Item | Y.GC>, from: number, to: number): void {
  for (let index = Y.findIndexSS(structs, from); index < structs.length; index++) {
    const struct = structs[index]!;
    if (struct.id.clock >= to) {
      return;
    }
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
      struct.content.arr = struct.content.arr.slice();
    }
  }
}

/** After a load: every item of the document. */
export function trimDocContent(doc: Y.Doc): void {
  for (const structs of doc.store.clients.values()) {
    if (structs.length > 0) {
      trimFrom(structs, structs[0]!.id.clock, Number.POSITIVE_INFINITY);
    }
  }
}

/** After an applied client update: its new items, by clock range per client. */
export function trimNewContent(
  doc: Y.Doc,
  ranges: ReadonlyMap<number, readonly { readonly clock: number; readonly length: number }[]>,
): void {
  for (const [client, structs] of ranges) {
    const stored = doc.store.clients.get(client);
    const first = structs[0];
    const last = structs[structs.length - 1];
    if (stored !== undefined && first !== undefined && last !== undefined) {
      // Only clocks the store holds (findIndexSS throws on others).
      const to = Math.min(last.clock + last.length, Y.getState(doc.store, client));
      if (first.clock < to) {
        trimFrom(stored, first.clock, to);
      }
    }
  }
}
