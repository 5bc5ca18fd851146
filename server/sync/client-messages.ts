import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';

// Isomorphic (lib0 only): the browser client imports it to read the server's notices.

/**
 * Cabas notices travel as a binary frame `varUint(100) · varString(JSON)`, after the
 * y-websocket message types (0 sync, 1 awareness, 2 auth, 3 query awareness). The stock
 * y-websocket 3.1 client looks handlers up in its per-instance `provider.messageHandlers`
 * array and logs "Unable to compute message" for an unknown type without failing, so a
 * client that registers `installCabasMessageHandler` reads them and one that does not keeps
 * syncing. Text frames were ruled out: the client would call `new Uint8Array(string)` and
 * throw while decoding.
 */
export const MESSAGE_CABAS = 100;

export type CabasMessage =
  | {
      readonly type: 'rejected';
      readonly code: string;
      readonly message: string;
      /** Cells (`<householdId>:<productId>`) the refused update touched. */
      readonly keys: readonly string[];
    }
  | { readonly type: 'read-only'; readonly code: string; readonly message: string };

export function encodeCabasMessage(message: CabasMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CABAS);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}

/** Reads the payload after the message type; null when it is not a known notice. */
export function readCabasMessage(decoder: decoding.Decoder): CabasMessage | null {
  try {
    const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
    if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) {
      return null;
    }
    if (parsed.type === 'rejected' || parsed.type === 'read-only') {
      return parsed as CabasMessage;
    }
    return null;
  } catch {
    return null;
  }
}

export function installCabasMessageHandler(
  provider: WebsocketProvider,
  listener: (message: CabasMessage) => void,
): void {
  provider.messageHandlers[MESSAGE_CABAS] = (_encoder, decoder) => {
    const message = readCabasMessage(decoder);
    if (message !== null) {
      listener(message);
    }
  };
}
