/** What an identity backend does for Cabas: local accounts, or Supabase Auth. */
export type AuthFailure = {
  ok: false;
  code:
    | 'invalid_credentials'
    | 'email_taken'
    | 'weak_password'
    | 'invalid_token'
    | 'throttled'
    | 'unavailable';
  message: string;
};
export type AuthSuccess = { ok: true; userId: string; headers: Headers };

export interface AuthProvider {
  readonly kind: 'local' | 'supabase';
  /** The signed-in user of a request (null if none), plus cookies to refresh. */
  getUserId(request: Request): Promise<{ userId: string | null; headers: Headers }>;
  signUp(
    request: Request,
    input: { email: string; password: string; fullName: string },
  ): Promise<AuthSuccess | AuthFailure>;
  signIn(
    request: Request,
    input: { email: string; password: string },
  ): Promise<AuthSuccess | AuthFailure>;
  signOut(request: Request): Promise<Headers>;
  /**
   * Sends the reset link if the address is known; says nothing either way (no account probing).
   * Returns cookies to set (Supabase keeps the PKCE code verifier in one).
   */
  requestPasswordReset(
    request: Request,
    input: { email: string; origin: string },
  ): Promise<Headers>;
  resetPassword(
    request: Request,
    input: { token: string; password: string },
  ): Promise<AuthSuccess | AuthFailure>;
}

export const AUTH_MESSAGES = {
  invalid_credentials: 'Adresse e-mail ou mot de passe incorrect.',
  email_taken: 'Un compte existe déjà avec cette adresse e-mail.',
  weak_password: 'Mot de passe trop faible.',
  invalid_token: 'Ce lien de réinitialisation est invalide ou a expiré. Demandez-en un nouveau.',
  throttled: 'Trop de tentatives de connexion. Réessayez dans 15 minutes.',
  unavailable: 'Le service de connexion ne répond pas. Réessayez dans un instant.',
} as const satisfies Record<AuthFailure['code'], string>;

export function fail(code: AuthFailure['code']): AuthFailure {
  return { ok: false, code, message: AUTH_MESSAGES[code] };
}
