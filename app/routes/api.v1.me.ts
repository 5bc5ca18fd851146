import type { LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getMe } from '#app/api/v1/me.server.ts';

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(getMe, args);
