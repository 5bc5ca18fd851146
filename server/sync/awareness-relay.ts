import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { encodeAwarenessMessage } from './protocol.ts';
import type { Principal, SyncLimits } from './types.ts';

/** A connection as the relay sees it. */
export interface AwarenessPeer {
  readonly principal: Principal;
  readonly awarenessClients: Set<number>;
  readonly isReady: boolean;
  send(message: Uint8Array): void;
}

export interface AwarenessRelayOptions {
  readonly limits: SyncLimits;
  readonly peers: () => Iterable<AwarenessPeer>;
  /** False when the client ID already belongs to another user (doc or presence). */
  readonly claimClient: (clientId: number, userId: string) => boolean;
}

// Entries per message: a client only ever sends its own state, or echoes the states it
// received (the stock client re-broadcasts every awareness change, remote ones included).
const MAX_ENTRIES = 256;

/**
 * Presence: who is on the sheet and which cell they are in. A connection may only set
 * the states of client IDs it owns (claimed with its first state); echoes of other
 * clients' states are dropped. The server stamps `user` from the authenticated principal
 * so nobody can appear under another name. Changes of one turn go out as one message.
 */
export class AwarenessRelay {
  readonly awareness: Awareness;
  private readonly owners = new Map<number, AwarenessPeer>();
  private readonly changed = new Set<number>();
  private scheduled = false;
  private destroyed = false;

  constructor(
    doc: Y.Doc,
    private readonly options: AwarenessRelayOptions,
  ) {
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on(
      'update',
      ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        for (const clientId of [...added, ...updated, ...removed]) {
          this.changed.add(clientId);
        }
        for (const clientId of removed) {
          this.release(clientId);
        }
        this.schedule();
      },
    );
  }

  /** Every current state, for a connection that just synced. */
  snapshotMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : encodeAwarenessMessage(this.awareness, clients);
  }

  apply(peer: AwarenessPeer, payload: Uint8Array): void {
    if (payload.length > this.options.limits.maxAwarenessBytes) {
      return;
    }
    let filtered: Uint8Array | null;
    try {
      filtered = this.filter(peer, payload);
    } catch {
      return; // malformed presence is dropped: it is cosmetic and resent every 15 s
    }
    if (filtered !== null) {
      applyAwarenessUpdate(this.awareness, filtered, peer);
    }
  }

  removePeer(peer: AwarenessPeer): void {
    const clients = [...peer.awarenessClients];
    removeAwarenessStates(this.awareness, clients, 'disconnect');
    for (const clientId of clients) {
      this.release(clientId);
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
  }

  private filter(peer: AwarenessPeer, payload: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(payload);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_ENTRIES) {
      return null;
    }
    const kept: Array<readonly [number, number, string]> = [];
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        continue;
      }
      if (this.owners.get(clientId) !== peer && !this.claim(peer, clientId, clock, state)) {
        continue;
      }
      const stamped = state === null ? null : { ...state, user: publicUser(peer.principal) };
      kept.push([clientId, clock, JSON.stringify(stamped)]);
    }
    if (kept.length === 0) {
      return null;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const [clientId, clock, json] of kept) {
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, json);
    }
    return encoding.toUint8Array(encoder);
  }

  private claim(peer: AwarenessPeer, clientId: number, clock: number, state: unknown): boolean {
    const current = this.awareness.meta.get(clientId)?.clock ?? 0;
    // Only a newer, non-empty state claims: an echo carries a clock the server already has.
    if (state === null || this.owners.has(clientId) || clock <= current) {
      return false;
    }
    if (peer.awarenessClients.size >= this.options.limits.maxAwarenessClientsPerConnection) {
      return false;
    }
    if (!this.options.claimClient(clientId, peer.principal.userId)) {
      return false;
    }
    this.owners.set(clientId, peer);
    peer.awarenessClients.add(clientId);
    return true;
  }

  private release(clientId: number): void {
    this.owners.get(clientId)?.awarenessClients.delete(clientId);
    this.owners.delete(clientId);
  }

  private schedule(): void {
    if (this.scheduled || this.destroyed) {
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.destroyed || this.changed.size === 0) {
        return;
      }
      const message = encodeAwarenessMessage(this.awareness, [...this.changed]);
      this.changed.clear();
      for (const peer of this.options.peers()) {
        if (peer.isReady) {
          peer.send(message);
        }
      }
    });
  }
}

function publicUser(principal: Principal): Record<string, unknown> {
  return {
    userId: principal.userId,
    displayName: principal.displayName,
    isCoordinator: principal.isCoordinator,
  };
}
