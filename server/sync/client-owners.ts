import type { IncomingUpdate } from './incoming-update.ts';

/**
 * Yjs client ID → user ID, learned from the first update or presence state that uses the
 * ID (in this process). Items under someone else's client ID are refused and never given a
 * placeholder: placeholders for another user's future clocks would make the server drop
 * that user's real updates as duplicates.
 */
export class ClientOwners {
  private readonly owners = new Map<number, string>();

  /** Records the owner if the ID is free; false when it belongs to another user. */
  claim(clientId: number, userId: string): boolean {
    const owner = this.owners.get(clientId);
    if (owner === undefined) {
      this.owners.set(clientId, userId);
    }
    return owner === undefined || owner === userId;
  }

  /** Client IDs of the update that belong to another user. */
  foreignIn(update: IncomingUpdate, userId: string): Set<number> {
    const foreign = new Set<number>();
    for (const clientId of update.byClient.keys()) {
      const owner = this.owners.get(clientId);
      if (owner !== undefined && owner !== userId) {
        foreign.add(clientId);
      }
    }
    return foreign;
  }

  claimAll(update: IncomingUpdate, userId: string, except: ReadonlySet<number>): void {
    for (const clientId of update.byClient.keys()) {
      if (!except.has(clientId)) {
        this.claim(clientId, userId);
      }
    }
  }
}
