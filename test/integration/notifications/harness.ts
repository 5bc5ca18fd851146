import { afterAll, afterEach, beforeAll } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { SmtpMailer } from '#app/integrations/mailer.server.ts';
import { setEnvForTests } from '#app/utils/env.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { type SmtpTestServer, startSmtpServer } from '#test/mocks/smtp-server.ts';

export const APP_URL = 'https://cabas.exemple.fr';
export const MAIL_FROM = 'Cabas <no-reply@cabas.exemple.fr>';

/**
 * A real SMTP server for the file, a nodemailer transport pointed at it, and APP_URL set (the
 * links in mails). Received mails are cleared after each test.
 */
export function setupSmtp() {
  let smtp: SmtpTestServer | undefined;
  let mailer: SmtpMailer | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    smtp = await startSmtpServer({ auth: { user: 'cabas', pass: 'secret' } });
    mailer = new SmtpMailer(smtp.url, MAIL_FROM);
    restore = setEnvForTests({ APP_URL });
  });
  afterEach(() => {
    smtp?.mails.splice(0);
  });
  afterAll(async () => {
    restore?.();
    mailer?.close();
    await smtp?.close();
  });
  return {
    smtp: () => smtp!,
    mailer: () => mailer!,
  };
}

export type NotificationRow = {
  kind: string;
  subject_id: string;
  user_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  to_address: string | null;
};

export async function notificationRows(where: { kind?: string } = {}) {
  return getSql()<NotificationRow[]>`
    select kind, subject_id, user_id, status, attempts, last_error, to_address
    from notifications
    ${where.kind ? getSql()`where kind = ${where.kind}` : getSql()``}
    order by created_at, id`;
}

/** Mail text with Intl's narrow no-break spaces as plain spaces (« 25,50 € »). */
export const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** Retries an assertion until it passes (the dispatcher works in the background). */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 5000) {
  const start = Date.now();
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * A group's open sheet on one producer's round (carrots 2,80 €/kg by 500 g, eggs 3,90 € the
 * dozen), `households` households with one member each, the deadline `deadlineInHours` away.
 */
export async function makeNotifiedSheetScenario(options: {
  households: number;
  deadlineInHours?: number;
  now?: Date;
}) {
  const scenario = await makeSheetScenario({ ...options, stockMilli: null });
  const { households, offers, sheet } = scenario;
  const fill = async (household: number, product: 'carrots' | 'eggs', quantityMilli: number) => {
    const offer = product === 'carrots' ? offers.carrotOffer : offers.eggOffer;
    await getSql()`
      insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
      values (${sheet.id}, ${households[household]!.householdId}, ${offer.productId}, ${offer.id},
              ${quantityMilli})
      on conflict (sheet_id, household_id, product_id)
      do update set quantity_milli = excluded.quantity_milli`;
  };
  return { ...scenario, fill };
}
