import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { PHOTO_KEY_PATTERN, type PhotoType } from '#app/domain/catalogue/photo.ts';
import { type Env, getEnv } from '#app/utils/env.server.ts';

/**
 * Where product photos live. Local disk (`<CABAS_DATA_DIR>/uploads`, served by
 * `/photos/<key>`) by default; Supabase Storage when Supabase is configured (DESIGN §2).
 */
export interface PhotoStorage {
  save(key: string, bytes: Uint8Array, type: PhotoType): Promise<void>;
  remove(key: string): Promise<void>;
  /** URL a browser loads the photo from. */
  urlFor(key: string): string;
}

export const PHOTO_BUCKET = 'product-photos';

export function createLocalPhotoStorage(dataDir: string): PhotoStorage & {
  read(key: string): Promise<Uint8Array | null>;
} {
  const root = path.resolve(dataDir, 'uploads');
  const fileOf = (key: string) => {
    if (!PHOTO_KEY_PATTERN.test(key)) {
      throw new Error(`invalid photo key ${key}`);
    }
    return path.join(root, key);
  };
  return {
    async save(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async remove(key) {
      await rm(fileOf(key), { force: true });
    },
    urlFor: (key) => `/photos/${key}`,
    async read(key) {
      if (!PHOTO_KEY_PATTERN.test(key)) {
        return null;
      }
      return readFile(fileOf(key)).then(
        (buffer) => new Uint8Array(buffer),
        () => null,
      );
    },
  };
}

/**
 * Supabase Storage through supabase-js, with the service role (the server is the only data
 * client; the bucket is public-read so the public pages link straight to it).
 */
export async function createSupabasePhotoStorage(options: {
  url: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
}): Promise<PhotoStorage> {
  // Imported lazily: supabase-js prints a Node 20 banner at import time.
  const { createClient } = await import('@supabase/supabase-js');
  const client = createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
    global: options.fetch ? { fetch: options.fetch } : {},
  });
  const bucket = client.storage.from(PHOTO_BUCKET);
  return {
    async save(key, bytes, type) {
      const { error } = await bucket.upload(key, bytes, { contentType: type, upsert: true });
      if (error) {
        throw new Error(`Supabase Storage : envoi de la photo impossible (${error.message}).`);
      }
    },
    async remove(key) {
      const { error } = await bucket.remove([key]);
      if (error) {
        throw new Error(`Supabase Storage : suppression impossible (${error.message}).`);
      }
    },
    urlFor: (key) => bucket.getPublicUrl(key).data.publicUrl,
  };
}

let cached: { env: Env; storage: Promise<PhotoStorage> } | undefined;

/** The configured storage (one per configuration). */
export function getPhotoStorage(): Promise<PhotoStorage> {
  const env = getEnv();
  if (cached?.env !== env) {
    const storage =
      env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
        ? createSupabasePhotoStorage({
            url: env.SUPABASE_URL,
            serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
          })
        : Promise.resolve(createLocalPhotoStorage(env.CABAS_DATA_DIR));
    cached = { env, storage };
  }
  return cached.storage;
}

/** Photos on local disk, for the `/photos/*` route (null when Supabase serves them). */
export function getLocalPhotoStorage() {
  const env = getEnv();
  return env.SUPABASE_URL ? null : createLocalPhotoStorage(env.CABAS_DATA_DIR);
}
