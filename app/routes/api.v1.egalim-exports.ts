import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getEgalimExport } from '#app/api/v1/egalim-exports.server.ts';

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(getEgalimExport, args);
export const action = (args: ActionFunctionArgs) => handleApiRequest(getEgalimExport, args);
