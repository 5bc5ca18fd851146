import { randomUUID } from 'node:crypto';
import { createClient, RESP_TYPES } from '@redis/client';
import type { SheetJournalLog } from '#server/sync/stream-journal.ts';
import type { SyncLogger } from '#server/sync/types.ts';

// Several processes share live sheets through Redis (ADR 018). Each sheet is served by one
// process at a time, its owner, because the server's authority over a sheet (the order in
// which edits are checked, the stock ledger, the journal) needs one writer. Ownership is a
// Redis lease the owner renews while the sheet is loaded; the other processes relay their
// clients' websockets to the owner. Control messages (a sheet closed for writes, rights
// changed) go to every process on one pub/sub channel.

/** A lease lives this long without renewal: how long a vanished owner blocks its sheets. */
export const LEASE_TTL_MS = 6_000;
const RENEW_EVERY_MS = LEASE_TTL_MS / 3;
const CONTROL_CHANNEL = 'cabas:sync:control';
const leaseKey = (docName: string) => `cabas:sync:lease:${docName}`;
/** A sheet's journal (server/sync/stream-journal.ts): entry `<seq>-0`, field `b` the frame. */
const journalKey = (sheetId: string) => `cabas:sync:journal:sheet:${sheetId}`;

// Compare-and-act on a lease value, atomically (the value names one process).
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const REPLACE = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end`;
// Fenced append: only the lease holder adds to a sheet's journal, at a seq above its last.
const APPEND = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end redis.call('xadd', KEYS[2], ARGV[2] .. '-0', 'b', ARGV[3]) return 1`;
// Stored in Postgres up to ARGV[1]: those entries go, and the stream once empty.
const TRIM = `redis.call('xtrim', KEYS[1], 'MINID', ARGV[1]) if redis.call('xlen', KEYS[1]) == 0 then redis.call('del', KEYS[1]) end return 1`;

export type Route =
  | { readonly kind: 'local' }
  | { readonly kind: 'remote'; readonly url: string; readonly lease: string };

export type ControlMessage =
  | { readonly kind: 'close-for-writes'; readonly sheetId: string; readonly id: string }
  | { readonly kind: 'refresh'; readonly sheetId: string }
  | { readonly kind: 'ack'; readonly id: string };

export interface SheetClusterOptions {
  readonly redisUrl: string;
  /** The websocket base this process is reachable at by the others (`ws://10.0.0.5:3000`). */
  readonly advertiseUrl: () => string;
  /** Whether this process still holds the sheet in memory (loaded, or unloading). */
  readonly isLoaded: (docName: string) => boolean;
  /** The lease was lost (this process was paused past its TTL): drop the sheet's clients. */
  readonly onLost: (docName: string) => void;
  /** A control message from another process. */
  readonly onControl: (message: ControlMessage) => Promise<void>;
  readonly logger: SyncLogger;
  readonly leaseTtlMs?: number;
}

export interface SheetCluster {
  /** Who serves `docName`: this process (lease taken or held) or the owner at `url`. */
  route(docName: string): Promise<Route>;
  /** The owner at `lease` refused our connection: it is gone; free its lease if unchanged. */
  evict(docName: string, lease: string): Promise<void>;
  /** Tells every other process; `close-for-writes` resolves once the owner has settled. */
  broadcast(message: ControlMessage): Promise<void>;
  /** Whether another process holds the lease of the sheet. */
  ownedElsewhere(sheetId: string): Promise<boolean>;
  /** The sheets' shared write-ahead journal, appended under the sheet's lease. */
  readonly journal: SheetJournalLog;
  close(): Promise<void>;
}

export async function createSheetCluster(options: SheetClusterOptions): Promise<SheetCluster> {
  const ttl = options.leaseTtlMs ?? LEASE_TTL_MS;
  const processId = randomUUID();
  // Fail fast while Redis is unreachable (a connection answers 503 and its client retries)
  // rather than queueing commands behind an upgrade that would hang.
  const redis = createClient({ url: options.redisUrl, disableOfflineQueue: true });
  const subscriber = redis.duplicate();
  for (const client of [redis, subscriber]) {
    client.on('error', (error: unknown) =>
      options.logger.error('sync.redis-error', { error: String(error) }),
    );
  }
  await Promise.all([redis.connect(), subscriber.connect()]);

  const me = () => `${options.advertiseUrl()} ${processId}`;
  const urlOf = (lease: string) => lease.split(' ')[0]!;
  const leased = new Set<string>();
  // Lease operations on one sheet run one after the other (take, renew, release).
  const chains = new Map<string, Promise<unknown>>();
  const serial = <T>(docName: string, operation: () => Promise<T>): Promise<T> => {
    const run = (chains.get(docName) ?? Promise.resolve()).then(operation, operation);
    const settled = run.catch(() => {});
    chains.set(docName, settled);
    void settled.then(() => {
      if (chains.get(docName) === settled) {
        chains.delete(docName);
      }
    });
    return run;
  };

  const acks = new Map<string, () => void>();
  await subscriber.subscribe(CONTROL_CHANNEL, (raw) => {
    let envelope: { from: string; message: ControlMessage };
    try {
      envelope = JSON.parse(raw);
    } catch {
      return;
    }
    if (envelope.from === processId) {
      return;
    }
    const { message } = envelope;
    if (message.kind === 'ack') {
      acks.get(message.id)?.();
      return;
    }
    options
      .onControl(message)
      .then(async () => {
        if (message.kind === 'close-for-writes' && leased.has(`sheet:${message.sheetId}`)) {
          await publish({ kind: 'ack', id: message.id });
        }
      })
      .catch((error: unknown) =>
        options.logger.error('sync.control-failed', { error: String(error) }),
      );
  });
  const publish = (message: ControlMessage) =>
    redis.publish(CONTROL_CHANNEL, JSON.stringify({ from: processId, message }));

  const takeOrFind = async (docName: string): Promise<Route> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (leased.has(docName)) {
        return { kind: 'local' };
      }
      const taken = await redis.set(leaseKey(docName), me(), {
        condition: 'NX',
        expiration: { type: 'PX', value: ttl },
      });
      if (taken === 'OK') {
        leased.add(docName);
        return { kind: 'local' };
      }
      const lease = await redis.get(leaseKey(docName));
      if (lease === null) {
        continue; // expired in between: try again
      }
      if (lease === me()) {
        leased.add(docName);
        return { kind: 'local' };
      }
      if (urlOf(lease) === options.advertiseUrl()) {
        // A previous process at our own address (killed, restarted): its lease is stale.
        if (
          (await redis.eval(REPLACE, {
            keys: [leaseKey(docName)],
            arguments: [lease, me(), String(ttl)],
          })) === 1
        ) {
          leased.add(docName);
          return { kind: 'local' };
        }
        continue;
      }
      return { kind: 'remote', url: urlOf(lease), lease };
    }
    throw new Error(`bail de ${docName} introuvable`);
  };

  const ownedElsewhere = async (sheetId: string) => {
    const lease = await redis.get(leaseKey(`sheet:${sheetId}`));
    return lease !== null && lease !== me();
  };

  const renewAll = async () => {
    for (const docName of [...leased]) {
      await serial(docName, async () => {
        if (!leased.has(docName)) {
          return;
        }
        if (!options.isLoaded(docName)) {
          // Unloaded (its last writes are stored): the next process to open it loads it.
          leased.delete(docName);
          await redis.eval(RELEASE, { keys: [leaseKey(docName)], arguments: [me()] });
          return;
        }
        const renewed = await redis.eval(RENEW, {
          keys: [leaseKey(docName)],
          arguments: [me(), String(ttl)],
        });
        if (renewed !== 1) {
          leased.delete(docName);
          options.logger.warn('sync.lease-lost', { docName });
          options.onLost(docName);
        }
      }).catch((error: unknown) =>
        options.logger.error('sync.lease-renew-failed', { docName, error: String(error) }),
      );
    }
  };
  let renewing: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      renewing ??= renewAll().finally(() => {
        renewing = null;
      });
    },
    Math.min(RENEW_EVERY_MS, ttl / 3),
  );
  timer.unref();

  const binary = redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const journal: SheetJournalLog = {
    async append(sheetId, seq, frame) {
      const appended = await redis.eval(APPEND, {
        keys: [leaseKey(`sheet:${sheetId}`), journalKey(sheetId)],
        arguments: [me(), String(seq), Buffer.from(frame.buffer, frame.byteOffset, frame.length)],
      });
      return appended === 1 ? 'ok' : 'not-owner';
    },
    async read(sheetId) {
      const entries = await binary.xRange(journalKey(sheetId), '-', '+');
      const frames = entries.map((entry) => entry.message.b as Buffer);
      const last = entries.at(-1);
      return { frames, lastSeq: last ? Number(String(last.id).split('-')[0]) : 0 };
    },
    async trim(sheetId, seq) {
      await redis.eval(TRIM, { keys: [journalKey(sheetId)], arguments: [`${seq + 1}-0`] });
    },
  };

  return {
    route: (docName) => serial(docName, () => takeOrFind(docName)),
    journal,

    evict: (docName, lease) =>
      serial(docName, async () => {
        await redis.eval(RELEASE, { keys: [leaseKey(docName)], arguments: [lease] });
      }),

    ownedElsewhere,

    async broadcast(message) {
      if (message.kind !== 'close-for-writes' || !(await ownedElsewhere(message.sheetId))) {
        await publish(message);
        return;
      }
      const acked = new Promise<void>((resolve) => {
        const timeout = setTimeout(() => {
          options.logger.warn('sync.close-ack-timeout', { sheetId: message.sheetId });
          resolve();
        }, ttl);
        acks.set(message.id, () => {
          clearTimeout(timeout);
          resolve();
        });
      });
      await publish(message);
      await acked;
      acks.delete(message.id);
    },

    async close() {
      clearInterval(timer);
      // Shutting down never waits on a Redis that stopped answering: leases then expire.
      const bounded = (work: Promise<unknown>) =>
        Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await bounded(renewing ?? Promise.resolve());
      await bounded(
        Promise.all(
          [...leased].map((docName) => {
            leased.delete(docName);
            return redis.eval(RELEASE, { keys: [leaseKey(docName)], arguments: [me()] });
          }),
        ),
      );
      await bounded(subscriber.unsubscribe(CONTROL_CHANNEL));
      await bounded(Promise.all([redis.close(), subscriber.close()]));
      for (const client of [redis, subscriber]) {
        if (client.isOpen) {
          client.destroy();
        }
      }
    },
  };
}
