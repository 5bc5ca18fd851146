import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailer,
  LocalMailer,
  SmtpMailer,
  setMailer,
} from '#app/integrations/mailer.server.ts';
import { action as forgotAction } from '#app/routes/mot-de-passe-oublie.tsx';
import { action as membersAction } from '#app/routes/o.$slug.membres.tsx';
import { parseEnv, setEnvForTests } from '#app/utils/env.server.ts';
import { makeOrganisation, makeUser } from '#test/factories/index.ts';
import { type SmtpTestServer, startSmtpServer } from '#test/mocks/smtp-server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

let smtp: SmtpTestServer;
beforeAll(async () => {
  smtp = await startSmtpServer({ auth: { user: 'cabas', pass: 'p@ss word' } });
});
afterAll(async () => {
  await smtp.close();
});
afterEach(() => {
  setMailer(undefined);
  smtp.mails.length = 0;
});

describe('SmtpMailer (nodemailer vers un vrai serveur SMTP local)', () => {
  it('envoie avec les identifiants de SMTP_URL, l’expéditeur MAIL_FROM, accents intacts', async () => {
    const mailer = new SmtpMailer(smtp.url, 'Cabas <no-reply@cabas.test>');
    await mailer.send({
      to: 'lea@exemple.fr',
      subject: 'Cabas — Votre part est à payer : « Commande » (12,50 €)',
      text: 'Bonjour Léa,\n\nÇa marche : 12,50 € à régler.\nhttps://cabas.test/o/x',
    });
    mailer.close();
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: 'no-reply@cabas.test',
      to: ['lea@exemple.fr'],
      subject: 'Cabas — Votre part est à payer : « Commande » (12,50 €)',
      text: 'Bonjour Léa,\n\nÇa marche : 12,50 € à régler.\nhttps://cabas.test/o/x',
    });
    expect(mail!.headers.get('from')).toBe('Cabas <no-reply@cabas.test>');
  });

  it.each([
    [
      'mauvais mot de passe',
      (url: string) => url.replace('p%40ss%20word', 'faux'),
      /Invalid login|Identifiants/,
    ],
    ['serveur qui refuse le message (451)', (url: string) => url, /451/],
  ])('%s : l’envoi échoue (le répartiteur réessaiera)', async (label, urlOf, error) => {
    if (label.startsWith('serveur')) {
      smtp.refuseNext(1);
    }
    const mailer = new SmtpMailer(urlOf(smtp.url), 'Cabas <no-reply@cabas.test>');
    await expect(mailer.send({ to: 'a@exemple.fr', subject: 's', text: 't' })).rejects.toThrow(
      error,
    );
    mailer.close();
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('choix du transport par la configuration', () => {
  it.each([
    [
      'SMTP_URL et MAIL_FROM',
      { SMTP_URL: 'smtp://u:p@mail.exemple.fr:587', MAIL_FROM: 'Cabas <a@b.fr>' },
      SmtpMailer,
    ],
    ['sans SMTP_URL', { SMTP_URL: '', MAIL_FROM: '' }, LocalMailer],
  ] as const)('%s', (_label, env, expected) => {
    expect(createMailer(parseEnv({ ...env }))).toBeInstanceOf(expected);
  });

  it.each([
    ['SMTP_URL sans MAIL_FROM', { SMTP_URL: 'smtp://mail.exemple.fr' }, 'SMTP_URL exige MAIL_FROM'],
    [
      'SMTP_URL en http',
      { SMTP_URL: 'http://mail.exemple.fr', MAIL_FROM: 'a@b.fr' },
      'URL smtp://',
    ],
  ])('%s : refusé au démarrage avec un message clair', (_label, env, message) => {
    expect(() => parseEnv(env)).toThrow(message);
  });
});

describe('mot de passe oublié par SMTP', () => {
  it('le lien de réinitialisation arrive au vrai serveur SMTP', async () => {
    const restore = setEnvForTests({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Cabas <no-reply@cabas.test>',
    });
    try {
      setMailer(undefined);
      const user = await makeUser();
      const response = await call(forgotAction, {
        request: postRequest('/mot-de-passe-oublie', { email: user.email }),
      });
      expect(response.status).toBe(302);
      const [mail] = smtp.mailsTo(user.email);
      expect(mail?.subject).toBe('Cabas — réinitialisation de votre mot de passe');
      expect(mail?.text).toMatch(/\/reinitialiser-mot-de-passe\?token=\S+/);
    } finally {
      restore();
    }
  });
});

describe('invitation avec une adresse, par SMTP', () => {
  it.each([
    ['le serveur accepte : le lien arrive à l’invité', false],
    ['le serveur refuse : le coordinateur garde le lien et le sait', true],
  ])('%s', async (_label, refuses) => {
    const restore = setEnvForTests({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Cabas <no-reply@cabas.test>',
    });
    try {
      setMailer(undefined);
      const owner = await makeUser({ fullName: 'Amina Benali' });
      const { organisation } = await makeOrganisation({
        kind: 'group',
        owner,
        name: 'Voisins du Plateau',
      });
      if (refuses) {
        smtp.refuseNext(1, 554, 'Adresse refusée');
      }
      const response = await call(membersAction, {
        request: postRequest(
          `/o/${organisation.slug}/membres`,
          { role: 'household', householdName: 'Lambert', email: 'lambert@exemple.fr' },
          await sessionCookieFor(owner.id),
        ),
        params: { slug: organisation.slug },
      });
      expect(response.status).toBe(200);
      const data = (await response.json()) as { link: string; mail: { to: string; sent: boolean } };
      expect(data.mail).toEqual({ to: 'lambert@exemple.fr', sent: !refuses });
      const mails = smtp.mailsTo('lambert@exemple.fr');
      if (refuses) {
        expect(mails).toEqual([]);
        return;
      }
      expect(mails[0]!.subject).toBe(
        'Cabas — Amina Benali vous invite à rejoindre Voisins du Plateau',
      );
      expect(mails[0]!.text).toContain('comme foyer « Lambert »');
      expect(mails[0]!.text).toContain(data.link);
    } finally {
      restore();
    }
  });
});
