import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { apiTokens } from '#app/db/schema.ts';

const PREFIX = { api: 'cabas_', sync: 'cabas_sync_' } as const;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it once; only its hash is kept. */
export async function createApiToken(options: {
  userId: string;
  name: string;
  purpose?: 'api' | 'sync';
  scope?: string | null;
  ttlMs: number;
}): Promise<{ id: string; token: string; expiresAt: Date }> {
  const purpose = options.purpose ?? 'api';
  const token = `${PREFIX[purpose]}${randomBytes(24).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + options.ttlMs);
  const [row] = await getDb()
    .insert(apiTokens)
    .values({
      userId: options.userId,
      name: options.name,
      tokenHash: hashToken(token),
      purpose,
      scope: options.scope ?? null,
      expiresAt,
    })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token, expiresAt };
}

/** The user a live (unexpired, unrevoked) token of that purpose belongs to, or null. */
export async function verifyApiToken(
  token: string,
  purpose: 'api' | 'sync' = 'api',
): Promise<{ userId: string; scope: string | null } | null> {
  if (!token.startsWith(PREFIX[purpose]) || (purpose === 'api' && token.startsWith(PREFIX.sync))) {
    return null;
  }
  const rows = await getDb()
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        eq(apiTokens.purpose, purpose),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: apiTokens.userId, scope: apiTokens.scope });
  return rows[0] ?? null;
}

export async function listApiTokens(userId: string) {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.purpose, 'api')))
    .orderBy(desc(apiTokens.createdAt));
}

/** Scoped by owner: another user's token id revokes nothing. */
export async function revokeApiToken(options: {
  userId: string;
  tokenId: string;
}): Promise<boolean> {
  const rows = await getDb()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, options.tokenId),
        eq(apiTokens.userId, options.userId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Deletes a token outright: a relay's one-use sync token once its connection is open. */
export async function discardApiToken(tokenId: string): Promise<void> {
  await getDb().delete(apiTokens).where(eq(apiTokens.id, tokenId));
}
