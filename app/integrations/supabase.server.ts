import WebSocket from 'ws';
import { getEnv } from '#app/utils/env.server.ts';

/**
 * A per-request Supabase client reading and writing the auth cookies of that request.
 * Node 20 has no global WebSocket: supabase-js needs the `ws` transport or it throws at creation.
 */
export async function createSupabaseServerClient(request: Request) {
  // Imported lazily: supabase-js prints a Node 20 deprecation banner at import time, which a
  // local install (no Supabase) should not show.
  const { createServerClient, parseCookieHeader, serializeCookieHeader } = await import(
    '@supabase/ssr'
  );
  const env = getEnv();
  if (!env.SUPABASE_URL || !env.SUPABASE_ANON_KEY) {
    throw new Error('Supabase n’est pas configuré (SUPABASE_URL, SUPABASE_ANON_KEY).');
  }
  const headers = new Headers();
  const client = createServerClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    realtime: { transport: WebSocket as never },
    cookieOptions: {
      secure: env.APP_URL?.startsWith('https://') ?? false,
      sameSite: 'lax',
      path: '/',
    },
    cookies: {
      getAll: () =>
        parseCookieHeader(request.headers.get('Cookie') ?? '').map((c) => ({
          name: c.name,
          value: c.value ?? '',
        })),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) {
          headers.append('Set-Cookie', serializeCookieHeader(name, value, options));
        }
      },
    },
  });
  return { client, headers };
}
