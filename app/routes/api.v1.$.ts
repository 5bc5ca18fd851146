import { apiError } from '#app/api/endpoint.server.ts';

/** Unknown /api/v1 paths answer JSON 404, not the HTML error page. */
const notFound = () =>
  apiError(404, 'not_found', 'Point d’accès inconnu : voir /api/v1/openapi.json.');
export const loader = notFound;
export const action = notFound;
