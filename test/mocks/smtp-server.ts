import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package, from the nodemailer project) on 127.0.0.1 and
 * a free port, receiving what the app sends through nodemailer: the tests read the decoded
 * messages it got. Plain SMTP with AUTH allowed without TLS (loopback only); a refusal mode
 * answers the next messages with an SMTP error, as a full mailbox or a down relay would.
 */
export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Map<string, string>;
};

export type SmtpTestServer = {
  /** `smtp://user:pass@127.0.0.1:<port>` when started with credentials. */
  url: string;
  mails: ReceivedMail[];
  /** The next `count` messages are refused with `code message`. */
  refuseNext(count: number, code?: number, message?: string): void;
  /** Messages received for one address. */
  mailsTo(address: string): ReceivedMail[];
  close(): Promise<void>;
};

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < joined.length; index++) {
    const hex = joined.slice(index + 1, index + 3);
    if (joined[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(joined[index]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) of a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, encoding, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

/** A single-part message (what the app sends) → headers and text body. */
export function parseMessage(raw: string): { headers: Map<string, string>; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const rawBody = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    headers.set(
      line.slice(0, colon).trim().toLowerCase(),
      decodeWords(line.slice(colon + 1).trim()),
    );
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(rawBody).toString('utf8')
        : rawBody;
  return { headers, text: body.replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

export async function startSmtpServer(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  let refusal: { count: number; code: number; message: string } | null = null;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
        callback(null, { user: auth.username });
        return;
      }
      callback(new Error('Identifiants SMTP refusés'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusal && refusal.count > 0) {
          refusal.count -= 1;
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
          callback(error);
          return;
        }
        const { headers, text } = parseMessage(Buffer.concat(chunks).toString('utf8'));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: headers.get('subject') ?? '',
          text,
          headers,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    mails,
    refuseNext(count, code = 451, message = 'Serveur de courrier indisponible, réessayez') {
      refusal = { count, code, message };
    },
    mailsTo: (address) => mails.filter((mail) => mail.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
