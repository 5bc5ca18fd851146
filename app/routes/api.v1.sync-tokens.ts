import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { createSyncToken } from '#app/api/v1/sync-tokens.server.ts';

export const action = (args: ActionFunctionArgs) => handleApiRequest(createSyncToken, args);
export const loader = (args: LoaderFunctionArgs) => handleApiRequest(createSyncToken, args);
