import { redirect } from '@remix-run/node';
import { isSignInThrottled, recordSignInAttempt } from '#app/models/sign-in-attempt.server.ts';
import { getUserById, normaliseEmail, type User } from '#app/models/user.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { localAuthProvider } from './local-provider.server.ts';
import { type AuthFailure, type AuthProvider, type AuthSuccess, fail } from './provider.server.ts';
import { supabaseAuthProvider } from './supabase-provider.server.ts';

/** Supabase Auth when SUPABASE_URL and keys are set; local accounts otherwise. */
export function getAuthProvider(): AuthProvider {
  return getEnv().SUPABASE_URL ? supabaseAuthProvider : localAuthProvider;
}

function clientIp(request: Request): string | null {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? null;
}

/** Sign-in with throttling shared by both providers (counted in Postgres, so across processes). */
export async function signIn(
  request: Request,
  input: { email: string; password: string },
): Promise<AuthSuccess | AuthFailure> {
  const email = normaliseEmail(input.email);
  if (await isSignInThrottled(email)) {
    return fail('throttled');
  }
  const result = await getAuthProvider().signIn(request, { email, password: input.password });
  if (result.ok || result.code === 'invalid_credentials') {
    await recordSignInAttempt({ email, ip: clientIp(request), succeeded: result.ok });
  }
  return result;
}

export async function getOptionalUser(request: Request): Promise<User | null> {
  const { userId } = await getAuthProvider().getUserId(request);
  return userId ? getUserById(userId) : null;
}

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeRedirectTo(
  value: FormDataEntryValue | string | null | undefined,
  fallback = '/',
): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return fallback;
  }
  return value;
}

export async function requireUser(request: Request): Promise<User> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/connexion?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getOptionalUser(request)) {
    throw redirect('/');
  }
}
