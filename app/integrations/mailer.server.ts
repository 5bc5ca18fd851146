import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '#app/utils/env.server.ts';

export type Mail = { to: string; subject: string; text: string };

export interface Mailer {
  send(mail: Mail): Promise<void>;
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

let mailer: Mailer | undefined;
export function getMailer(): Mailer {
  mailer ??= new LocalMailer(path.resolve(getEnv().CABAS_DATA_DIR, 'outbox.jsonl'));
  return mailer;
}

export function setMailer(next: Mailer): void {
  mailer = next;
}
