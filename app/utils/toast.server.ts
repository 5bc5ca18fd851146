import { redirect } from '@remix-run/node';
import { getToastStorage } from '#app/auth/cookies.server.ts';

export type Toast = { kind: 'success' | 'error' | 'info'; message: string };

/** Post/redirect/get with a one-time message shown on the next page. */
export async function redirectWithToast(url: string, toast: Toast, init?: { headers?: Headers }) {
  const storage = getToastStorage();
  const session = await storage.getSession();
  session.flash('toast', toast);
  const headers = new Headers(init?.headers);
  headers.append('Set-Cookie', await storage.commitSession(session));
  return redirect(url, { headers });
}

export async function getToast(
  request: Request,
): Promise<{ toast: Toast | null; headers: Headers }> {
  const storage = getToastStorage();
  const session = await storage.getSession(request.headers.get('Cookie'));
  const toast = session.get('toast') ?? null;
  const headers = new Headers();
  if (toast) {
    headers.append('Set-Cookie', await storage.commitSession(session));
  }
  return { toast, headers };
}

export function combineHeaders(...all: (Headers | null | undefined)[]): Headers {
  const combined = new Headers();
  for (const headers of all) {
    headers?.forEach((value, key) => {
      combined.append(key, value);
    });
  }
  return combined;
}
