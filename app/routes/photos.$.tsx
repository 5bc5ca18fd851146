import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLocalPhotoStorage } from '#app/integrations/photo-storage.server.ts';

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/**
 * Product photos stored on local disk. Public like the catalogue pages that show them; every
 * upload gets a new key, so a photo never changes behind its URL and may be cached for a year.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const key = params['*'] ?? '';
  const storage = getLocalPhotoStorage();
  const bytes = storage ? await storage.read(key) : null;
  if (bytes === null) {
    throw new Response('Photo introuvable', { status: 404 });
  }
  const extension = key.slice(key.lastIndexOf('.') + 1);
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
