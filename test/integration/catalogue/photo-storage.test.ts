import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkPhoto, productPhotoKey } from '#app/domain/catalogue/photo.ts';
import {
  createLocalPhotoStorage,
  createSupabasePhotoStorage,
  PHOTO_BUCKET,
} from '#app/integrations/photo-storage.server.ts';
import { createStorage, SUPABASE_URL } from '#test/mocks/supabase-storage.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PRODUCT_ID = '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const key = productPhotoKey({ productId: PRODUCT_ID, unique: 'a1b2c3d4', type: 'image/jpeg' });

describe('checkPhoto', () => {
  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
  ])('%s reconnu par son contenu', (_label, bytes, type) => {
    expect(checkPhoto(bytes)).toEqual({ ok: true, type });
  });
  it.each([
    ['vide', new Uint8Array(), /Choisissez/],
    ['PDF', new TextEncoder().encode('%PDF-1.7'), /JPEG, PNG ou WebP/],
    ['trop lourde', new Uint8Array(5 * 1024 * 1024 + 1), /5 Mo/],
  ])('%s : refusée avec un message en français', (_label, bytes, message) => {
    const result = checkPhoto(bytes);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('photos sur disque local', () => {
  it('enregistre, relit, sert par /photos/<clé> et supprime ; refuse toute autre clé', async () => {
    const storage = createLocalPhotoStorage(await mkdtemp(path.join(os.tmpdir(), 'cabas-photos-')));
    await storage.save(key, JPEG, 'image/jpeg');
    expect(await storage.read(key)).toEqual(JPEG);
    expect(storage.urlFor(key)).toBe(`/photos/${key}`);
    await storage.remove(key);
    expect(await storage.read(key)).toBeNull();
    expect(await storage.read('../../etc/passwd')).toBeNull();
    await expect(storage.save('products/../../x.jpg', JPEG, 'image/jpeg')).rejects.toThrow();
  });
});

describe('photos sur Supabase Storage (supabase-js, simulé par msw)', () => {
  it('envoie la photo avec la clé de service, donne son URL publique, la supprime', async () => {
    const storage = createStorage();
    server.use(...storage.handlers);
    const photos = await createSupabasePhotoStorage({
      url: SUPABASE_URL,
      serviceRoleKey: 'service-role-key',
    });
    await photos.save(key, JPEG, 'image/jpeg');
    const stored = storage.objects.get(`${PHOTO_BUCKET}/${key}`);
    expect(stored?.contentType).toBe('image/jpeg');
    expect(stored?.bytes).toEqual(JPEG);
    expect(storage.calls[0]?.authorization).toBe('Bearer service-role-key');
    expect(photos.urlFor(key)).toBe(
      `${SUPABASE_URL}/storage/v1/object/public/${PHOTO_BUCKET}/${key}`,
    );
    await photos.remove(key);
    expect(storage.objects.size).toBe(0);
  });

  it('un refus de Supabase devient une erreur en français', async () => {
    const storage = createStorage({ failUploads: true });
    server.use(...storage.handlers);
    const photos = await createSupabasePhotoStorage({
      url: SUPABASE_URL,
      serviceRoleKey: 'service-role-key',
    });
    await expect(photos.save(key, JPEG, 'image/jpeg')).rejects.toThrow(
      /Supabase Storage : envoi de la photo impossible/,
    );
  });
});
