import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv } from '#app/utils/env.server.ts';

export type Mail = { to: string; subject: string; text: string };

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Closes kept-open connections (SMTP pool). */
  close?(): void;
}

/**
 * Local mode: no mail leaves the machine. Each mail is logged (so the reset link shows in
 * the console) and appended to `<data dir>/outbox.jsonl`, which tests and users can read.
 */
export class LocalMailer implements Mailer {
  constructor(private readonly outboxFile: string) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(path.dirname(this.outboxFile), { recursive: true });
    await appendFile(
      this.outboxFile,
      `${JSON.stringify({ ...mail, at: new Date().toISOString() })}\n`,
    );
    console.info(`[mail] à ${mail.to} — ${mail.subject}\n${mail.text}`);
  }
}

/** Timeouts so that a mail server that hangs fails the attempt (retried later) instead. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

/**
 * Real mail through an SMTP server (`SMTP_URL`: `smtp://user:pass@host:587` upgrades with
 * STARTTLS when offered, `smtps://…:465` is TLS from the start), sender `MAIL_FROM`. A refusal
 * or an outage throws: the notification dispatcher records it and retries later.
 */
export class SmtpMailer implements Mailer {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transporter = nodemailer.createTransport({
      // Connections kept open and reused (several at once): a batch of mails is not one TCP,
      // TLS and AUTH handshake per mail.
      pool: true,
      maxConnections: 3,
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? {
            auth: {
              user: decodeURIComponent(url.username),
              pass: decodeURIComponent(url.password),
            },
          }
        : {}),
      ...SMTP_TIMEOUTS,
    });
  }

  async send(mail: Mail): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
  }

  close(): void {
    this.transporter.close();
  }
}

/** SMTP when `SMTP_URL` is set (with `MAIL_FROM`), else the local outbox file. */
export function createMailer(env: ReturnType<typeof getEnv> = getEnv()): Mailer {
  if (env.SMTP_URL && env.MAIL_FROM) {
    return new SmtpMailer(env.SMTP_URL, env.MAIL_FROM);
  }
  return new LocalMailer(path.resolve(env.CABAS_DATA_DIR, 'outbox.jsonl'));
}

let mailer: Mailer | undefined;
export function getMailer(): Mailer {
  mailer ??= createMailer();
  return mailer;
}

/** Tests: another transport (`undefined`: back to the configured one, built on next use). */
export function setMailer(next: Mailer | undefined): void {
  if (mailer !== next) {
    mailer?.close?.();
  }
  mailer = next;
}
