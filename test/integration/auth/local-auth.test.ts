import { afterEach, describe, expect, it } from 'vitest';
import { getAuthProvider } from '#app/auth/auth.server.ts';
import { getSql } from '#app/db/client.server.ts';
import { type Mail, setMailer } from '#app/integrations/mailer.server.ts';
import { action as signInAction } from '#app/routes/connexion.tsx';
import { action as signOutAction } from '#app/routes/deconnexion.tsx';
import { action as signUpAction } from '#app/routes/inscription.tsx';
import { action as forgotAction } from '#app/routes/mot-de-passe-oublie.tsx';
import { action as resetAction } from '#app/routes/reinitialiser-mot-de-passe.tsx';
import { makeUser, TEST_PASSWORD } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, cookiesFrom, getRequest, postRequest } from '#test/utils/requests.ts';

setupTestDatabase();

async function currentUserId(cookie: string) {
  return (await getAuthProvider().getUserId(getRequest('/', cookie))).userId;
}

describe('inscription', () => {
  it('crée le compte façon GoTrue (bcrypt dans auth.users) et ouvre une session', async () => {
    const response = await call(signUpAction, {
      request: postRequest('/inscription', {
        fullName: 'Margot Lenoir',
        email: 'Margot.Lenoir@Exemple.fr ',
        password: 'une-phrase-longue',
        confirmPassword: 'une-phrase-longue',
      }),
    });
    expect(response.status).toBe(302);
    const [row] = await getSql()<
      {
        id: string;
        encrypted_password: string;
        aud: string;
        raw_user_meta_data: { full_name: string };
      }[]
    >`
      select id, encrypted_password, aud, raw_user_meta_data from auth.users where email = 'margot.lenoir@exemple.fr'`;
    expect(row!.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    expect(row!.aud).toBe('authenticated');
    expect(row!.raw_user_meta_data.full_name).toBe('Margot Lenoir');
    expect(await currentUserId(cookiesFrom(response))).toBe(row!.id);
  });

  it.each([
    [
      'mot de passe trop court',
      { password: 'court', confirmPassword: 'court' },
      'password',
      'au moins 10 caractères',
    ],
    [
      'confirmation différente',
      { password: 'une-phrase-longue', confirmPassword: 'autre-phrase-longue' },
      'confirmPassword',
      'ne correspondent pas',
    ],
    ['e-mail invalide', { email: 'pas-un-email' }, 'email', 'Adresse e-mail invalide'],
    ['nom vide', { fullName: '' }, 'fullName', 'obligatoire'],
  ])(
    'refuse un formulaire invalide (%s) avec un message par champ, sans rien créer',
    async (_label, overrides, field, message) => {
      const fields = {
        fullName: 'Paul',
        email: `paul.${Math.random()}@exemple.fr`,
        password: 'une-phrase-longue',
        confirmPassword: 'une-phrase-longue',
        ...overrides,
      };
      const response = await call(signUpAction, { request: postRequest('/inscription', fields) });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: Record<string, string[]> };
      expect(body.error[field]!.join(' ')).toContain(message);
      const [count] = await getSql()<
        { n: number }[]
      >`select count(*)::int as n from auth.users where email = ${fields.email}`;
      expect(count!.n).toBe(0);
    },
  );

  it('refuse une adresse déjà utilisée sur le champ e-mail', async () => {
    const user = await makeUser();
    const response = await call(signUpAction, {
      request: postRequest('/inscription', {
        fullName: 'Double',
        email: user.email.toUpperCase(),
        password: 'une-phrase-longue',
        confirmPassword: 'une-phrase-longue',
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, string[]> };
    expect(body.error.email).toEqual(['Un compte existe déjà avec cette adresse e-mail.']);
  });
});

describe('connexion', () => {
  it('connecte avec le bon mot de passe et suit redirectTo sur le même site seulement', async () => {
    const user = await makeUser();
    const ok = await call(signInAction, {
      request: postRequest('/connexion', {
        email: user.email,
        password: TEST_PASSWORD,
        redirectTo: '/o/ferme',
      }),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('Location')).toBe('/o/ferme');
    expect(await currentUserId(cookiesFrom(ok))).toBe(user.id);

    const offsite = await call(signInAction, {
      request: postRequest('/connexion', {
        email: user.email,
        password: TEST_PASSWORD,
        redirectTo: '//pirate.example',
      }),
    });
    expect(offsite.headers.get('Location')).toBe('/');
  });

  it('refuse un mauvais mot de passe sans dire si l’adresse existe', async () => {
    const user = await makeUser();
    const wrong = await call(signInAction, {
      request: postRequest('/connexion', { email: user.email, password: 'faux-faux-faux' }),
    });
    const unknown = await call(signInAction, {
      request: postRequest('/connexion', {
        email: 'inconnu@exemple.fr',
        password: 'faux-faux-faux',
      }),
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: Record<string, string[]> };
      expect(body.error['']).toEqual(['Adresse e-mail ou mot de passe incorrect.']);
    }
  });

  it('bloque après 5 échecs en 15 minutes, même avec le bon mot de passe ensuite', async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i++) {
      const r = await call(signInAction, {
        request: postRequest('/connexion', { email: user.email, password: `faux-${i}-xxxxx` }),
      });
      expect(r.status).toBe(400);
    }
    const blocked = await call(signInAction, {
      request: postRequest('/connexion', { email: user.email, password: TEST_PASSWORD }),
    });
    expect(blocked.status).toBe(429);
    const body = (await blocked.json()) as { error: Record<string, string[]> };
    expect(body.error['']![0]).toContain('Trop de tentatives');
  });

  it('la déconnexion invalide la session côté serveur', async () => {
    const user = await makeUser();
    const signedIn = await call(signInAction, {
      request: postRequest('/connexion', { email: user.email, password: TEST_PASSWORD }),
    });
    const cookie = cookiesFrom(signedIn);
    expect(await currentUserId(cookie)).toBe(user.id);
    const out = await call(signOutAction, { request: postRequest('/deconnexion', {}, cookie) });
    expect(out.status).toBe(302);
    // Even replaying the old cookie no longer works: the session row is gone.
    expect(await currentUserId(cookie)).toBeNull();
  });
});

describe('mot de passe oublié', () => {
  const sent: Mail[] = [];
  afterEach(() => {
    sent.length = 0;
  });

  it('envoie un lien à usage unique qui change le mot de passe', async () => {
    setMailer({ send: async (mail) => void sent.push(mail) });
    const user = await makeUser();
    const response = await call(forgotAction, {
      request: postRequest('/mot-de-passe-oublie', { email: user.email }),
    });
    expect(response.status).toBe(302);
    expect(sent).toHaveLength(1);
    const link = /https?:\/\/\S+/.exec(sent[0]!.text)![0];
    const token = new URL(link).searchParams.get('token')!;

    const reset = await call(resetAction, {
      request: postRequest('/reinitialiser-mot-de-passe', {
        token,
        password: 'nouvelle-phrase-longue',
        confirmPassword: 'nouvelle-phrase-longue',
      }),
    });
    expect(reset.status).toBe(302);
    const again = await call(resetAction, {
      request: postRequest('/reinitialiser-mot-de-passe', {
        token,
        password: 'encore-une-phrase',
        confirmPassword: 'encore-une-phrase',
      }),
    });
    expect(again.status).toBe(400);

    const oldPassword = await call(signInAction, {
      request: postRequest('/connexion', { email: user.email, password: TEST_PASSWORD }),
    });
    expect(oldPassword.status).toBe(400);
    const newPassword = await call(signInAction, {
      request: postRequest('/connexion', { email: user.email, password: 'nouvelle-phrase-longue' }),
    });
    expect(newPassword.status).toBe(302);
  });

  it('répond pareil pour une adresse inconnue et n’envoie rien', async () => {
    setMailer({ send: async (mail) => void sent.push(mail) });
    const response = await call(forgotAction, {
      request: postRequest('/mot-de-passe-oublie', { email: 'personne@exemple.fr' }),
    });
    expect(response.status).toBe(302);
    expect(sent).toHaveLength(0);
  });
});
