import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicPageCache } from './public-page-cache.ts';

let clock = 0;
let renders = 0;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(createPublicPageCache({ paths: /^\/(catalogue|prive)$/, now: () => clock }));
  app.get('/catalogue', async (req, res) => {
    renders++;
    await new Promise((resolve) => setTimeout(resolve, 30));
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.type('html').send(`<p>rendu ${renders} ${req.query.q ?? ''}</p>`);
  });
  app.get('/prive', (_req, res) => {
    renders++;
    res.setHeader('Cache-Control', 'private, no-cache');
    res.send(`privé ${renders}`);
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, { headers });
  return { body: await response.text(), cache: response.headers.get('x-cabas-cache') };
};

describe('createPublicPageCache', () => {
  it('sert un rendu public aux visiteurs anonymes, le refait après 10 s sans faire attendre', async () => {
    renders = 0;
    clock = 1_000;
    expect(await get('/catalogue')).toEqual({ body: '<p>rendu 1 </p>', cache: 'MISS' });
    expect(await get('/catalogue')).toEqual({ body: '<p>rendu 1 </p>', cache: 'HIT' });
    expect((await get('/catalogue?q=miel')).body).toBe('<p>rendu 2 miel</p>');

    clock += 10_001;
    const [first, second] = await Promise.all([get('/catalogue'), get('/catalogue')]);
    expect([first.cache, second.cache].sort()).toEqual(['MISS', 'STALE']);
    expect(renders).toBe(3);
    expect((await get('/catalogue')).body).toBe('<p>rendu 3 </p>');
  });

  it('des visiteurs simultanés d’une page jamais rendue attendent le même rendu', async () => {
    renders = 0;
    const pages = await Promise.all([1, 2, 3, 4].map(() => get('/catalogue?q=nouveau')));
    expect(renders).toBe(1);
    expect(new Set(pages.map((page) => page.body))).toEqual(new Set(['<p>rendu 1 nouveau</p>']));
  });

  it('ne partage jamais une page privée ni la page d’un visiteur connecté', async () => {
    renders = 0;
    await get('/prive');
    expect((await get('/prive')).body).toBe('privé 2');
    const signedIn = await get('/catalogue', { Cookie: 'cabas_session=abc' });
    expect(signedIn.cache).toBeNull();
    expect(renders).toBe(3);
  });
});
