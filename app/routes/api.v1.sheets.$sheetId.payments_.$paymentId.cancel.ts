import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { cancelSheetPayment } from '#app/api/v1/payments.server.ts';

export const action = (args: ActionFunctionArgs) => handleApiRequest(cancelSheetPayment, args);
export const loader = (args: LoaderFunctionArgs) => handleApiRequest(cancelSheetPayment, args);
