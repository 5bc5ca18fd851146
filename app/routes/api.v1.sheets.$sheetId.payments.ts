import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getSheetPayments, recordSheetPayment } from '#app/api/v1/payments.server.ts';

export const loader = (args: LoaderFunctionArgs) => handleApiRequest(getSheetPayments, args);
export const action = (args: ActionFunctionArgs) => handleApiRequest(recordSheetPayment, args);
