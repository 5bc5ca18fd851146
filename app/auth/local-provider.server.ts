import { getMailer } from '#app/integrations/mailer.server.ts';
import {
  createAppSession,
  deleteAppSession,
  getSessionUserId,
} from '#app/models/session.server.ts';
import {
  createLocalUser,
  createRecoveryToken,
  findUserByEmail,
  recordSignIn,
  resetPasswordWithToken,
  verifyPassword,
} from '#app/models/user.server.ts';
import { getSessionStorage } from './cookies.server.ts';
import { type AuthProvider, type AuthSuccess, fail } from './provider.server.ts';

async function startSession(request: Request, userId: string): Promise<AuthSuccess> {
  const storage = getSessionStorage();
  const session = await storage.getSession(request.headers.get('Cookie'));
  const created = await createAppSession(userId);
  session.set('sessionId', created.id);
  const headers = new Headers();
  headers.append(
    'Set-Cookie',
    await storage.commitSession(session, { expires: created.expiresAt }),
  );
  await recordSignIn(userId);
  return { ok: true, userId, headers };
}

/** E-mail + password accounts in auth.users (GoTrue layout), sessions in public.app_sessions. */
export const localAuthProvider: AuthProvider = {
  kind: 'local',

  async getUserId(request) {
    const storage = getSessionStorage();
    const session = await storage.getSession(request.headers.get('Cookie'));
    const sessionId = session.get('sessionId');
    const userId = sessionId ? await getSessionUserId(sessionId) : null;
    return { userId, headers: new Headers() };
  },

  async signUp(request, input) {
    const created = await createLocalUser(input);
    if (!created.ok) {
      return fail('email_taken');
    }
    return startSession(request, created.user.id);
  },

  async signIn(request, input) {
    const user = await findUserByEmail(input.email);
    // Compare even for an unknown address so timing does not reveal which addresses exist.
    const matches = await verifyPassword(
      user?.passwordHash ?? '$2b$10$CwTycUXWue0Thq9StjUM0uJ8DNQ5M5wQ8l7Hq4Cq0xJz0cS1T0yXa',
      input.password,
    );
    if (!user || !matches) {
      return fail('invalid_credentials');
    }
    return startSession(request, user.id);
  },

  async signOut(request) {
    const storage = getSessionStorage();
    const session = await storage.getSession(request.headers.get('Cookie'));
    const sessionId = session.get('sessionId');
    if (sessionId) {
      await deleteAppSession(sessionId);
    }
    return new Headers({ 'Set-Cookie': await storage.destroySession(session) });
  },

  async requestPasswordReset(_request, input) {
    const user = await findUserByEmail(input.email);
    if (!user) {
      return new Headers();
    }
    const token = await createRecoveryToken(user.id);
    const link = `${input.origin}/reinitialiser-mot-de-passe?token=${encodeURIComponent(token)}`;
    await getMailer().send({
      to: user.email,
      subject: 'Cabas — réinitialisation de votre mot de passe',
      text: `Bonjour ${user.fullName},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
    });
    return new Headers();
  },

  async resetPassword(request, input) {
    const user = await resetPasswordWithToken(input.token, input.password);
    if (!user) {
      return fail('invalid_token');
    }
    return startSession(request, user.id);
  },
};
