import type { Endpoint } from '../endpoint.server.ts';
import { getEgalimExport } from './egalim-exports.server.ts';
import { getMe } from './me.server.ts';
import { getOrganisation } from './organisations.server.ts';
import {
  cancelSheetPayment,
  getMyPayments,
  getSheetPayments,
  recordSheetPayment,
} from './payments.server.ts';
import { createProOrder } from './pro-orders.server.ts';
import { createSyncToken } from './sync-tokens.server.ts';

/** Every /api/v1 endpoint; the OpenAPI document is built from this list. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous endpoint list
export const API_V1_ENDPOINTS: Endpoint<any, any, any>[] = [
  getMe,
  getMyPayments,
  getOrganisation,
  createSyncToken,
  createProOrder,
  getEgalimExport,
  getSheetPayments,
  recordSheetPayment,
  cancelSheetPayment,
];
