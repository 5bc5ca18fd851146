import type { LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getOrganisation } from '#app/api/v1/organisations.server.ts';

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(getOrganisation, args);
