import { concatSequentialUpdates } from './concat-updates.ts';
import { encodeUpdateMessage } from './protocol.ts';
import type { StoredUpdate } from './types.ts';

export interface BatcherHooks {
  /** `merged`: every entry as one update, the bytes that will be relayed. */
  persist(entries: readonly StoredUpdate[], merged: Uint8Array): Promise<void>;
  /** `except`: the one connection every update of the batch came from, as it sent them. */
  broadcast(message: Uint8Array, except: object | undefined): void;
  onFailure(error: unknown): void;
}

/**
 * Persist-then-relay, one batch at a time. Everything the server document emitted during
 * one event-loop turn (or while the previous batch was being stored) is stored in order,
 * then merged into ONE update relayed as one frame per connection: the stock server sends
 * one frame per update per connection, which is what bounds its throughput. Nothing leaves
 * the server before it is stored, so a client never holds an edit the server could lose.
 */
export class UpdateBatcher {
  private pending: StoredUpdate[] = [];
  /** The sender of every pending update, when they all came from one, unchanged. */
  private soleSender: object | undefined = undefined;
  private callbacks: Array<() => void> = [];
  private inFlight: Promise<void> | null = null;
  private scheduled = false;
  private failed = false;

  constructor(private readonly hooks: BatcherHooks) {}

  /**
   * `sentBy`: the connection this update came from, exactly as it sent it (no server write in
   * it). When a whole batch is one connection's, that connection does not get it back: it
   * already holds every byte, and the frame it would not need goes to the others sooner.
   */
  add(entry: StoredUpdate, sentBy?: object): void {
    this.soleSender = this.pending.length === 0 || this.soleSender === sentBy ? sentBy : undefined;
    this.pending.push(entry);
    this.schedule();
  }

  /** Runs `callback` once everything added so far is stored and relayed. */
  afterRelay(callback: () => void): void {
    if (this.inFlight === null && this.pending.length === 0) {
      callback();
      return;
    }
    this.callbacks.push(callback);
    this.schedule();
  }

  get isIdle(): boolean {
    return this.inFlight === null && this.pending.length === 0 && this.callbacks.length === 0;
  }

  async whenIdle(): Promise<void> {
    while (!this.failed && !this.isIdle) {
      if (this.inFlight === null) {
        this.kick();
      }
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    // setImmediate runs after the I/O callbacks of this turn: every message that arrived
    // with this one is in the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.kick();
    });
  }

  private kick(): void {
    if (this.inFlight !== null || this.failed || this.isIdle) {
      return;
    }
    const entries = this.pending;
    const callbacks = this.callbacks;
    const except = this.soleSender;
    this.pending = [];
    this.soleSender = undefined;
    this.callbacks = [];
    this.inFlight = this.run(entries, except, callbacks).then(
      () => {
        this.inFlight = null;
        this.kick();
      },
      (error: unknown) => {
        this.inFlight = null;
        this.failed = true;
        this.hooks.onFailure(error);
      },
    );
  }

  private async run(
    entries: StoredUpdate[],
    except: object | undefined,
    callbacks: Array<() => void>,
  ): Promise<void> {
    if (entries.length > 0) {
      const merged = concatSequentialUpdates(entries.map((entry) => entry.update));
      await this.hooks.persist(entries, merged);
      this.hooks.broadcast(encodeUpdateMessage(merged), except);
    }
    for (const callback of callbacks) {
      callback();
    }
  }
}
