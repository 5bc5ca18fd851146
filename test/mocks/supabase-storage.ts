import { HttpResponse, http } from 'msw';

/**
 * Supabase Storage HTTP contract, as far as product photos use it: upload (POST, or PUT with
 * upsert) and bulk remove (DELETE with prefixes). One in-memory bucket store per call.
 */
export const SUPABASE_URL = 'http://supabase.test';
const OBJECT = `${SUPABASE_URL}/storage/v1/object`;

export function createStorage(options: { failUploads?: boolean } = {}) {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string | null }>();
  const calls: { method: string; path: string; authorization: string | null }[] = [];
  const record = (request: Request) =>
    calls.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('Authorization'),
    });
  const upload = async ({
    request,
    params,
  }: {
    request: Request;
    params: Record<string, unknown>;
  }) => {
    record(request);
    if (options.failUploads) {
      return HttpResponse.json(
        {
          statusCode: '403',
          error: 'Unauthorized',
          message: 'new row violates row-level security policy',
        },
        { status: 403 },
      );
    }
    const bucket = String(params.bucket);
    const pathname = decodeURIComponent(new URL(request.url).pathname);
    const key = pathname.slice(`/storage/v1/object/${bucket}/`.length);
    objects.set(`${bucket}/${key}`, {
      bytes: new Uint8Array(await request.arrayBuffer()),
      contentType: request.headers.get('Content-Type'),
    });
    return HttpResponse.json({ Id: crypto.randomUUID(), Key: `${bucket}/${key}` });
  };
  const handlers = [
    http.post(`${OBJECT}/:bucket/*`, upload),
    http.put(`${OBJECT}/:bucket/*`, upload),
    http.delete(`${OBJECT}/:bucket`, async ({ request, params }) => {
      record(request);
      const { prefixes } = (await request.json()) as { prefixes: string[] };
      const removed = prefixes.filter((key) => objects.delete(`${String(params.bucket)}/${key}`));
      return HttpResponse.json(removed.map((name) => ({ name })));
    }),
  ];
  return { handlers, objects, calls };
}
