import type { LoaderFunctionArgs } from '@remix-run/node';
import { buildOpenApiDocument } from '#app/api/openapi.server.ts';
import { API_V1_ENDPOINTS } from '#app/api/v1/index.server.ts';

/** The OpenAPI document is public: it describes the API, it holds no data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return Response.json(buildOpenApiDocument(API_V1_ENDPOINTS, `${origin}/api/v1`), {
    headers: { 'Cache-Control': 'public, max-age=300' },
  });
}
