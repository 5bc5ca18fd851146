import type { Connection } from './connection.ts';
import type { DocSession } from './doc-session.ts';
import { processUpdate, type UpdateOutcome } from './update-pipeline.ts';

type Task =
  | {
      readonly kind: 'update';
      readonly connection: Connection;
      readonly bytes: Uint8Array;
      readonly live: boolean;
    }
  | { readonly kind: 'step1'; readonly connection: Connection; readonly stateVector: Uint8Array };

/**
 * Per-document FIFO: updates of one sheet are decided strictly in arrival order, one at a
 * time, so that every policy call (stock included) sees the state left by the previous
 * one. It runs synchronously while the policy answers synchronously, and only awaits when
 * the policy returns a Promise or a sync step 1 must wait for the store.
 */
export class DocQueue {
  private tasks: Task[] = [];
  private deferred: Task[] = [];
  private running = false;
  private stopped = false;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly session: DocSession) {}

  push(task: Task): void {
    if (this.stopped) {
      return;
    }
    this.tasks.push(task);
    if (!this.running) {
      void this.drain();
    }
  }

  get isIdle(): boolean {
    return !this.running && this.tasks.length === 0;
  }

  whenDrained(): Promise<void> {
    if (!this.running && this.tasks.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Waiting updates of a closed connection are dropped: it resends them on reconnect. */
  dropConnection(connection: Connection): void {
    this.deferred = this.deferred.filter((task) => task.connection !== connection);
  }

  stop(): void {
    this.stopped = true;
    this.tasks = [];
    this.deferred = [];
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let task = this.tasks.shift(); task !== undefined; task = this.tasks.shift()) {
        const pending = this.run(task);
        if (pending !== undefined) {
          await pending;
        }
        if (this.stopped) {
          break;
        }
      }
    } finally {
      this.running = false;
      for (const resolve of this.drainWaiters.splice(0)) {
        resolve();
      }
    }
  }

  private run(task: Task): Promise<void> | undefined {
    if (task.kind === 'step1') {
      // Answer from stored state only: never hand out an edit the server could still lose.
      if (this.session.batcher.isIdle) {
        this.session.replyStep2(task.connection, task.stateVector);
        return undefined;
      }
      return this.session.batcher
        .whenIdle()
        .then(() => this.session.replyStep2(task.connection, task.stateVector));
    }
    let outcome: UpdateOutcome | Promise<UpdateOutcome>;
    try {
      outcome = processUpdate(this.session, task.connection, task.bytes, task.live);
    } catch (error) {
      this.failed(error);
      return undefined;
    }
    if (outcome instanceof Promise) {
      return outcome.then(
        (settled) => this.after(task, settled),
        (error: unknown) => this.failed(error),
      );
    }
    this.after(task, outcome);
    return undefined;
  }

  private after(task: Task, outcome: UpdateOutcome): void {
    if (outcome === 'deferred') {
      this.defer(task);
      return;
    }
    if ((outcome === 'applied' || outcome === 'refused') && this.deferred.length > 0) {
      // The server state advanced: waiting updates get another chance, before newer ones.
      const retry = this.deferred;
      this.deferred = [];
      for (const waiting of retry) {
        waiting.connection.deferredUpdates--;
      }
      this.tasks.unshift(...retry);
    }
  }

  private defer(task: Task): void {
    const connection = task.connection;
    if (connection.isClosed) {
      return;
    }
    connection.deferredUpdates++;
    if (connection.deferredUpdates > this.session.limits.maxDeferredPerConnection) {
      // Reconnecting makes the client send a complete sync step 2, which fills the gap.
      connection.close(4500, 'resynchronisation');
      return;
    }
    this.deferred.push(task);
  }

  private failed(error: unknown): void {
    this.session.logger.error('sync.update-failed', {
      sheetId: this.session.sheetId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}
