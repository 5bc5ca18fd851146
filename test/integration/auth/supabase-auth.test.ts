import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAuthProvider, getOptionalUser } from '#app/auth/auth.server.ts';
import { getSql } from '#app/db/client.server.ts';
import { action as signInAction } from '#app/routes/connexion.tsx';
import { action as signOutAction } from '#app/routes/deconnexion.tsx';
import { action as signUpAction } from '#app/routes/inscription.tsx';
import { action as forgotAction } from '#app/routes/mot-de-passe-oublie.tsx';
import { action as resetAction } from '#app/routes/reinitialiser-mot-de-passe.tsx';
import { setEnvForTests } from '#app/utils/env.server.ts';
import { createGoTrue, SUPABASE_URL } from '#test/mocks/supabase-auth.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, cookiesFrom, getRequest, postRequest } from '#test/utils/requests.ts';

setupTestDatabase();

const USER = {
  id: crypto.randomUUID(),
  email: 'ines@exemple.fr',
  password: 'bon-mot-de-passe',
  fullName: 'Inès Petit',
};
let gotrue = createGoTrue([USER]);
const server = setupServer();
let restoreEnv: () => void;

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  restoreEnv = setEnvForTests({
    SUPABASE_URL,
    SUPABASE_ANON_KEY: 'anon-key',
    SUPABASE_SERVICE_ROLE_KEY: 'service-role-key',
  });
});
beforeEach(async () => {
  gotrue = createGoTrue([{ ...USER }]);
  server.resetHandlers(...gotrue.handlers);
  // On a Supabase project GoTrue owns auth.users in the same database.
  await getSql()`insert into auth.users (id, email, raw_user_meta_data) values (${USER.id}, ${USER.email}, ${JSON.stringify({ full_name: USER.fullName })}::jsonb)
                 on conflict (id) do nothing`;
});
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  restoreEnv();
});

describe('Supabase Auth (GoTrue, via @supabase/ssr)', () => {
  it('est choisi quand SUPABASE_URL est configuré', () => {
    expect(getAuthProvider().kind).toBe('supabase');
  });

  it('connecte par mot de passe, pose le cookie Supabase et retrouve l’utilisateur', async () => {
    const response = await call(signInAction, {
      request: postRequest('/connexion', { email: USER.email, password: USER.password }),
    });
    expect(response.status).toBe(302);
    const cookie = cookiesFrom(response);
    expect(cookie).toMatch(/sb-supabase-auth-token/);
    const user = await getOptionalUser(getRequest('/', cookie));
    expect(user).toMatchObject({ id: USER.id, email: USER.email, fullName: USER.fullName });
    expect(gotrue.calls.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toContain(
      'GET /auth/v1/user',
    );
  });

  it('traduit un refus de GoTrue en message français, et le compte dans le freinage', async () => {
    const response = await call(signInAction, {
      request: postRequest('/connexion', { email: USER.email, password: 'mauvais-mot-de-passe' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, string[]> };
    expect(body.error['']).toEqual(['Adresse e-mail ou mot de passe incorrect.']);
    const [row] = await getSql()<{ n: number }[]>`
      select count(*)::int as n from public.sign_in_attempts where email = ${USER.email} and not succeeded`;
    expect(row!.n).toBeGreaterThan(0);
  });

  it('inscrit par GoTrue et signale une adresse déjà prise', async () => {
    const fields = {
      fullName: 'Nouveau',
      email: 'nouveau@exemple.fr',
      password: 'phrase-assez-longue',
      confirmPassword: 'phrase-assez-longue',
    };
    const created = await call(signUpAction, { request: postRequest('/inscription', fields) });
    expect(created.status).toBe(302);
    expect(gotrue.calls.find((c) => c.path.startsWith('/auth/v1/signup'))?.body).toMatchObject({
      email: 'nouveau@exemple.fr',
      data: { full_name: 'Nouveau' },
    });
    const again = await call(signUpAction, { request: postRequest('/inscription', fields) });
    expect(again.status).toBe(400);
    const body = (await again.json()) as { error: Record<string, string[]> };
    expect(body.error.email).toEqual(['Un compte existe déjà avec cette adresse e-mail.']);
  });

  it('déconnecte auprès de GoTrue', async () => {
    const signedIn = await call(signInAction, {
      request: postRequest('/connexion', { email: USER.email, password: USER.password }),
    });
    const out = await call(signOutAction, {
      request: postRequest('/deconnexion', {}, cookiesFrom(signedIn)),
    });
    expect(out.status).toBe(302);
    expect(gotrue.calls.some((c) => c.path.startsWith('/auth/v1/logout'))).toBe(true);
  });

  it('demande le lien de réinitialisation à GoTrue puis change le mot de passe avec le code reçu', async () => {
    const asked = await call(forgotAction, {
      request: postRequest('/mot-de-passe-oublie', { email: USER.email }),
    });
    expect(asked.status).toBe(302);
    const recover = gotrue.calls.find((c) => c.path.startsWith('/auth/v1/recover'));
    expect(recover?.body).toMatchObject({ email: USER.email });
    expect(decodeURIComponent(recover!.path)).toContain('/reinitialiser-mot-de-passe');

    const bad = await call(resetAction, {
      request: postRequest(
        '/reinitialiser-mot-de-passe',
        {
          token: 'bad-code',
          password: 'nouvelle-phrase-longue',
          confirmPassword: 'nouvelle-phrase-longue',
        },
        cookiesFrom(asked),
      ),
    });
    expect(bad.status).toBe(400);
    const good = await call(resetAction, {
      request: postRequest(
        '/reinitialiser-mot-de-passe',
        {
          token: 'good-code',
          password: 'nouvelle-phrase-longue',
          confirmPassword: 'nouvelle-phrase-longue',
        },
        cookiesFrom(asked),
      ),
    });
    expect(good.status).toBe(302);
    expect(gotrue.users.get(USER.email)?.password).toBe('nouvelle-phrase-longue');
  });
});
