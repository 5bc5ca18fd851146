import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ControlMessage,
  createSheetCluster,
  type SheetCluster,
  type SheetClusterOptions,
} from '#server/sheets/sheet-cluster.ts';
import { testRedisUrl } from '#test/utils/redis.ts';
import { eventually, quietLogger } from '#test/utils/sheet-sync.ts';

// The leases and control channel of ADR 018 against a real Redis, without websockets.

const redisUrl = await testRedisUrl();
const clusters: SheetCluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((cluster) => cluster.close()));
});

async function cluster(options: Partial<SheetClusterOptions> & { url: string }) {
  const { url, ...rest } = options;
  const created = await createSheetCluster({
    redisUrl: redisUrl!,
    advertiseUrl: () => url,
    isLoaded: () => true,
    onLost: () => {},
    onControl: async () => {},
    logger: quietLogger,
    leaseTtlMs: 1_500,
    ...rest,
  });
  clusters.push(created);
  return created;
}

const newDoc = () => `sheet:${randomUUID()}`;

describe.runIf(redisUrl)('baux des feuilles entre processus (Redis)', () => {
  it('le premier prend la feuille, les autres sont dirigés vers lui', async () => {
    const doc = newDoc();
    const first = await cluster({ url: 'ws://10.0.0.1:3000' });
    const second = await cluster({ url: 'ws://10.0.0.2:3000' });
    expect(await first.route(doc)).toEqual({ kind: 'local' });
    expect(await second.route(doc)).toMatchObject({ kind: 'remote', url: 'ws://10.0.0.1:3000' });
    expect(await first.route(doc)).toEqual({ kind: 'local' });
  });

  it('un propriétaire injoignable est évincé ; un bail d’un processus précédent à la même adresse est repris', async () => {
    const doc = newDoc();
    const gone = await cluster({ url: 'ws://10.0.0.1:3000' });
    await gone.route(doc);
    const other = await cluster({ url: 'ws://10.0.0.2:3000' });
    const route = await other.route(doc);
    expect(route.kind).toBe('remote');
    await other.evict(doc, route.kind === 'remote' ? route.lease : '');
    expect(await other.route(doc)).toEqual({ kind: 'local' });

    const doc2 = newDoc();
    await other.route(doc2);
    // The same address, a new process (restarted after a crash): the lease is its predecessor's.
    const restarted = await cluster({ url: 'ws://10.0.0.2:3000' });
    expect(await restarted.route(doc2)).toEqual({ kind: 'local' });
  });

  it('une feuille déchargée libère son bail ; un bail perdu décharge la feuille', async () => {
    const doc = newDoc();
    let loaded = true;
    const lost: string[] = [];
    const owner = await cluster({
      url: 'ws://10.0.0.1:3000',
      isLoaded: () => loaded,
      onLost: (name) => lost.push(name),
    });
    const other = await cluster({ url: 'ws://10.0.0.2:3000' });
    await owner.route(doc);
    // Renewed past its TTL while loaded.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await other.route(doc)).kind).toBe('remote');
    loaded = false;
    await eventually(async () => expect(await other.route(doc)).toEqual({ kind: 'local' }), 3_000);

    const doc2 = newDoc();
    loaded = true;
    await owner.route(doc2);
    const redis = createClient({ url: redisUrl! });
    await redis.connect();
    await redis.set(`cabas:sync:lease:${doc2}`, 'ws://10.0.0.9:3000 intrus', {
      expiration: { type: 'PX', value: 5_000 },
    });
    await redis.close();
    await eventually(() => expect(lost).toEqual([doc2]), 3_000);
  });

  it('clore pour écriture attend que le propriétaire ait fini', async () => {
    const doc = newDoc();
    const sheetId = doc.slice('sheet:'.length);
    let finish: () => void = () => {};
    const seen: ControlMessage[] = [];
    const owner = await cluster({
      url: 'ws://10.0.0.1:3000',
      onControl: (message) => {
        seen.push(message);
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    });
    await owner.route(doc);
    const other = await cluster({ url: 'ws://10.0.0.2:3000', leaseTtlMs: 5_000 });
    let done = false;
    const closing = other
      .broadcast({ kind: 'close-for-writes', sheetId, id: randomUUID() })
      .then(() => {
        done = true;
      });
    await eventually(() => expect(seen.map((m) => m.kind)).toEqual(['close-for-writes']));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(done).toBe(false);
    finish();
    await closing;
    expect(done).toBe(true);
  });
});
