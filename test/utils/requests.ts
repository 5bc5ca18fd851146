import { getSessionStorage } from '#app/auth/cookies.server.ts';
import { createAppSession } from '#app/models/session.server.ts';

const BASE = 'http://localhost:3000';

/** A session cookie for `userId`, as the sign-in form would set it. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const storage = getSessionStorage();
  const session = await storage.getSession();
  session.set('sessionId', (await createAppSession(userId)).id);
  const setCookie = await storage.commitSession(session);
  return setCookie.split(';')[0]!;
}

/** The `name=value` pairs of a response's Set-Cookie headers, ready to send back. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(
  path: string,
  fields: Record<string, string>,
  cookie?: string,
): Request {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (cookie) {
    headers.Cookie = cookie;
  }
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
  });
}

/** Runs a loader or action, turning thrown Responses (redirects, 404…) into returned ones. */
export async function call(
  fn: (args: never) => Promise<Response>,
  args: { request: Request; params?: Record<string, string> },
): Promise<Response> {
  try {
    return await fn({ request: args.request, params: args.params ?? {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) {
      return thrown;
    }
    throw thrown;
  }
}
