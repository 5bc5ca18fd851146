import { createSupabaseServerClient } from '#app/integrations/supabase.server.ts';
import { type AuthProvider, fail } from './provider.server.ts';

function mapError(error: { code?: string; status?: number } | null) {
  if (!error) {
    return null;
  }
  if (error.code === 'user_already_exists' || error.code === 'email_exists') {
    return fail('email_taken');
  }
  if (error.code === 'weak_password') {
    return fail('weak_password');
  }
  if (error.status && error.status >= 500) {
    return fail('unavailable');
  }
  return fail('invalid_credentials');
}

/** Supabase Auth (GoTrue) through @supabase/ssr: the session lives in Supabase's cookies. */
export const supabaseAuthProvider: AuthProvider = {
  kind: 'supabase',

  async getUserId(request) {
    const { client, headers } = await createSupabaseServerClient(request);
    const { data, error } = await client.auth.getUser();
    return { userId: error ? null : (data.user?.id ?? null), headers };
  },

  async signUp(request, input) {
    const { client, headers } = await createSupabaseServerClient(request);
    const { data, error } = await client.auth.signUp({
      email: input.email,
      password: input.password,
      options: { data: { full_name: input.fullName } },
    });
    const failure = mapError(error);
    if (failure) {
      return failure;
    }
    if (!data.user) {
      return fail('unavailable');
    }
    return { ok: true, userId: data.user.id, headers };
  },

  async signIn(request, input) {
    const { client, headers } = await createSupabaseServerClient(request);
    const { data, error } = await client.auth.signInWithPassword(input);
    const failure = mapError(error);
    if (failure) {
      return failure.code === 'unavailable' ? failure : fail('invalid_credentials');
    }
    return { ok: true, userId: data.user!.id, headers };
  },

  async signOut(request) {
    const { client, headers } = await createSupabaseServerClient(request);
    await client.auth.signOut();
    return headers;
  },

  async requestPasswordReset(request, input) {
    const { client, headers } = await createSupabaseServerClient(request);
    await client.auth.resetPasswordForEmail(input.email, {
      redirectTo: `${input.origin}/reinitialiser-mot-de-passe`,
    });
    return headers;
  },

  async resetPassword(request, input) {
    const { client, headers } = await createSupabaseServerClient(request);
    const exchanged = await client.auth.exchangeCodeForSession(input.token);
    if (exchanged.error || !exchanged.data.user) {
      return fail('invalid_token');
    }
    const updated = await client.auth.updateUser({ password: input.password });
    const failure = mapError(updated.error);
    if (failure) {
      return failure;
    }
    return { ok: true, userId: exchanged.data.user.id, headers };
  },
};
