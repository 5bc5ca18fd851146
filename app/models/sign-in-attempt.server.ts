import { and, count, eq, gt } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { signInAttempts } from '#app/db/schema.ts';

/** Five wrong passwords for one e-mail in 15 minutes lock that e-mail for the rest of the window. */
export const THROTTLE = { maxFailures: 5, windowMs: 15 * 60 * 1000 } as const;

export async function isSignInThrottled(email: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const [row] = await getDb()
    .select({ n: count() })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, email),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.at, since),
      ),
    );
  return (row?.n ?? 0) >= THROTTLE.maxFailures;
}

export async function recordSignInAttempt(input: {
  email: string;
  ip: string | null;
  succeeded: boolean;
}): Promise<void> {
  await getDb().insert(signInAttempts).values(input);
}
