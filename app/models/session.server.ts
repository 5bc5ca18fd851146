import { and, eq, gt } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { appSessions } from '#app/db/schema.ts';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export async function createAppSession(userId: string): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const [row] = await getDb()
    .insert(appSessions)
    .values({ userId, expiresAt })
    .returning({ id: appSessions.id });
  return { id: row!.id, expiresAt };
}

export async function getSessionUserId(sessionId: string): Promise<string | null> {
  const rows = await getDb()
    .select({ userId: appSessions.userId })
    .from(appSessions)
    .where(and(eq(appSessions.id, sessionId), gt(appSessions.expiresAt, new Date())));
  return rows[0]?.userId ?? null;
}

export async function deleteAppSession(sessionId: string): Promise<void> {
  await getDb().delete(appSessions).where(eq(appSessions.id, sessionId));
}
