import { HttpResponse, http } from 'msw';

/**
 * GoTrue (Supabase Auth) HTTP contract, as far as Cabas uses it. One in-memory user store per
 * call, so each test starts clean. Requests are recorded for assertions.
 */
export const SUPABASE_URL = 'http://supabase.test';

type StoredUser = { id: string; email: string; password: string; fullName: string };

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function fakeJwt(sub: string, email: string): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const payload = { sub, email, exp, iat: exp - 3600, aud: 'authenticated', role: 'authenticated' };
  return `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}.c2lnbmF0dXJl`;
}

function userJson(user: StoredUser) {
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: new Date().toISOString(),
    app_metadata: { provider: 'email', providers: ['email'] },
    user_metadata: { full_name: user.fullName },
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
  };
}

function session(user: StoredUser) {
  return {
    access_token: fakeJwt(user.id, user.email),
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    refresh_token: `refresh-${user.id}`,
    user: userJson(user),
  };
}

export function createGoTrue(initial: StoredUser[] = []) {
  const users = new Map(initial.map((u) => [u.email, u]));
  const calls: { method: string; path: string; body: unknown }[] = [];
  const record = async (request: Request) => {
    const url = new URL(request.url);
    const body =
      request.method === 'GET'
        ? null
        : await request
            .clone()
            .json()
            .catch(() => null);
    calls.push({ method: request.method, path: `${url.pathname}${url.search}`, body });
  };
  const byToken = (request: Request) => {
    const token = request.headers.get('Authorization')?.replace(/^Bearer /, '') ?? '';
    const sub = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}',
    ).sub;
    return [...users.values()].find((u) => u.id === sub);
  };
  const handlers = [
    http.post(`${SUPABASE_URL}/auth/v1/token`, async ({ request }) => {
      await record(request);
      const grant = new URL(request.url).searchParams.get('grant_type');
      const body = (await request.json()) as Record<string, string>;
      if (grant === 'password') {
        const user = users.get(body.email ?? '');
        if (!user || user.password !== body.password) {
          return HttpResponse.json(
            { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' },
            { status: 400 },
          );
        }
        return HttpResponse.json(session(user));
      }
      if (grant === 'pkce') {
        const user = [...users.values()][0];
        if (body.auth_code !== 'good-code' || !user) {
          return HttpResponse.json(
            { code: 400, error_code: 'bad_code_verifier', msg: 'invalid' },
            { status: 400 },
          );
        }
        return HttpResponse.json(session(user));
      }
      return HttpResponse.json({ msg: 'unsupported' }, { status: 400 });
    }),
    http.get(`${SUPABASE_URL}/auth/v1/user`, async ({ request }) => {
      await record(request);
      const user = byToken(request);
      return user
        ? HttpResponse.json(userJson(user))
        : HttpResponse.json(
            { code: 401, error_code: 'bad_jwt', msg: 'invalid JWT' },
            { status: 401 },
          );
    }),
    http.put(`${SUPABASE_URL}/auth/v1/user`, async ({ request }) => {
      await record(request);
      const user = byToken(request);
      const body = (await request.json()) as { password?: string };
      if (!user) {
        return HttpResponse.json({ code: 401, msg: 'invalid JWT' }, { status: 401 });
      }
      user.password = body.password ?? user.password;
      return HttpResponse.json(userJson(user));
    }),
    http.post(`${SUPABASE_URL}/auth/v1/signup`, async ({ request }) => {
      await record(request);
      const body = (await request.json()) as {
        email: string;
        password: string;
        data?: { full_name?: string };
      };
      if (users.has(body.email)) {
        return HttpResponse.json(
          { code: 422, error_code: 'user_already_exists', msg: 'User already registered' },
          { status: 422 },
        );
      }
      const user = {
        id: crypto.randomUUID(),
        email: body.email,
        password: body.password,
        fullName: body.data?.full_name ?? '',
      };
      users.set(user.email, user);
      return HttpResponse.json(session(user));
    }),
    http.post(`${SUPABASE_URL}/auth/v1/logout`, async ({ request }) => {
      await record(request);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${SUPABASE_URL}/auth/v1/recover`, async ({ request }) => {
      await record(request);
      return HttpResponse.json({});
    }),
  ];
  return { handlers, calls, users };
}
