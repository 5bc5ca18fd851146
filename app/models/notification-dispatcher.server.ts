// The server's in-process notification dispatcher (ADR 016): it LISTENs on the channel the
// queue notifies in each transaction that wrote a row — Postgres delivers it after commit, to
// every process, never for a rollback — and also runs on a timer, which sends the retries and
// queues the automatic deadline reminders.
import { getSql } from '#app/db/client.server.ts';
import type { Mailer } from '#app/integrations/mailer.server.ts';
import { type DispatchReport, sendDueNotifications } from './notification-dispatch.server.ts';
import { NOTIFICATION_CHANNEL, purgeFinishedNotifications } from './notification-queue.server.ts';
import { queueDeadlineReminders } from './notification-reminders.server.ts';

export type NotificationDispatcher = {
  /** Runs a pass soon (coalesced with a running one). */
  kick(): void;
  /** Resolves once no pass is running or requested. */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

export type DispatcherOptions = {
  /** Timer period; default 60 s (deadline reminders are due to the minute, retries to minutes). */
  intervalMs?: number;
  mailer?: Mailer;
  /** The clock (tests). */
  now?: () => Date;
  onPass?: (report: DispatchReport & { reminders: number; purged: number }) => void;
};

/** Old finished mails are purged on the first pass, then at most every six hours. */
const PURGE_EVERY_MS = 6 * 3_600_000;

export async function startNotificationDispatcher(
  options: DispatcherOptions = {},
): Promise<NotificationDispatcher> {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastPurge = Number.NEGATIVE_INFINITY;

  const pass = async () => {
    const reminders = await queueDeadlineReminders({ now: now() });
    const report = await sendDueNotifications({
      now: now(),
      ...(options.mailer ? { mailer: options.mailer } : {}),
    });
    let purged = 0;
    if (now().getTime() - lastPurge >= PURGE_EVERY_MS) {
      purged = await purgeFinishedNotifications({ now: now() });
      lastPurge = now().getTime();
    }
    options.onPass?.({ ...report, reminders, purged });
  };

  const kick = () => {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          // The database is unreachable or a query failed: the rows stay queued for next time.
          console.error('[notifications] passe d’envoi interrompue :', error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  // Behind a pooler in transaction mode LISTEN is not possible: the timer still sends.
  const listener = await getSql()
    .listen(NOTIFICATION_CHANNEL, () => kick())
    .catch((error: unknown) => {
      console.warn('[notifications] LISTEN impossible, envoi à la minute seulement :', error);
      return null;
    });
  const timer = setInterval(kick, options.intervalMs ?? 60_000);
  timer.unref();
  kick();

  return {
    kick,
    async idle() {
      while (running) {
        await running;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listener?.unlisten().catch(() => {});
      // A mail server that hangs must not hold the shutdown: what was claimed is sent again
      // once its lease ends.
      if (running) {
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      }
    },
  };
}
