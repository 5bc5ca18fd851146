import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { createProOrder } from '#app/api/v1/pro-orders.server.ts';

export const action = (args: ActionFunctionArgs) => handleApiRequest(createProOrder, args);
export const loader = (args: LoaderFunctionArgs) => handleApiRequest(createProOrder, args);
