import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Merges updates emitted one after the other by ONE document into one update, in linear
 * time. `Y.mergeUpdates` is generic (any updates, any overlap) and re-sorts its inputs for
 * every struct it writes: with a batch of a few thousand single-cell updates from 50
 * clients it took seconds and stalled the event loop. Updates emitted in sequence by the
 * same doc need none of that: each one continues, for every client, exactly where the
 * previous one stopped, so their structs are simply concatenated per client and their
 * delete sets united.
 */
export function concatSequentialUpdates(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 1) {
    return updates[0]!;
  }
  const structsByClient = new Map<number, Array<Y.Item | Y.GC>>();
  const deleteSets: Array<ReturnType<typeof Y.decodeUpdate>['ds']> = [];
  for (const update of updates) {
    const decoded = Y.decodeUpdate(update);
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Skip) {
        throw new Error('concatSequentialUpdates: unexpected gap in a document update');
      }
      const list = structsByClient.get(struct.id.client);
      if (list === undefined) {
        structsByClient.set(struct.id.client, [struct]);
      } else {
        list.push(struct);
      }
    }
    deleteSets.push(decoded.ds);
  }
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, structsByClient.size);
  for (const [client, structs] of structsByClient) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0]!.id.clock);
    for (const struct of structs) {
      struct.write(encoder, 0);
    }
  }
  writeDeleteSet(encoder, Y.mergeDeleteSets(deleteSets));
  return encoder.toUint8Array();
}

// Same layout as Yjs' writeDeleteSet (utils/DeleteSet.js), which is not exported.
function writeDeleteSet(
  encoder: Y.UpdateEncoderV1,
  deleteSet: ReturnType<typeof Y.decodeUpdate>['ds'],
): void {
  encoding.writeVarUint(encoder.restEncoder, deleteSet.clients.size);
  for (const [client, ranges] of deleteSet.clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
}
