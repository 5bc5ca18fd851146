import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getMyPayments } from '#app/api/v1/payments.server.ts';

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(getMyPayments, args);
export const action = (args: ActionFunctionArgs) => handleApiRequest(getMyPayments, args);
