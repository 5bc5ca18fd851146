import { createCookieSessionStorage } from '@remix-run/node';
import { getEnv } from '#app/utils/env.server.ts';
import { getSessionSecrets } from './secret.server.ts';

type SessionData = { sessionId: string };
type ToastData = { toast: { kind: 'success' | 'error' | 'info'; message: string } };

function secure(): boolean {
  // Secure cookies need https; a local install is served over http://localhost.
  return getEnv().APP_URL?.startsWith('https://') ?? false;
}

let sessionStorage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined;
export function getSessionStorage() {
  sessionStorage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: '__cabas_session',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secure(),
      secrets: getSessionSecrets(),
      maxAge: 30 * 24 * 60 * 60,
    },
  });
  return sessionStorage;
}

let toastStorage: ReturnType<typeof createCookieSessionStorage<ToastData, ToastData>> | undefined;
export function getToastStorage() {
  toastStorage ??= createCookieSessionStorage<ToastData, ToastData>({
    cookie: {
      name: '__cabas_toast',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: secure(),
      secrets: getSessionSecrets(),
    },
  });
  return toastStorage;
}
