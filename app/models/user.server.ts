import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq, gt, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { users } from '#app/db/schema.ts';

export type User = { id: string; email: string; fullName: string };

/** bcrypt cost 10, as GoTrue: hashes are interchangeable with Supabase Auth's. */
const BCRYPT_COST = 10;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toUser(row: {
  id: string;
  email: string | null;
  rawUserMetaData: { full_name?: string } | null;
}): User {
  return {
    id: row.id,
    email: row.email ?? '',
    fullName: row.rawUserMetaData?.full_name ?? row.email ?? '',
  };
}

export async function getUserById(id: string): Promise<User | null> {
  const rows = await getDb()
    .select({ id: users.id, email: users.email, rawUserMetaData: users.rawUserMetaData })
    .from(users)
    .where(and(eq(users.id, id), sql`${users.deletedAt} is null`));
  return rows[0] ? toUser(rows[0]) : null;
}

export async function findUserByEmail(
  email: string,
): Promise<(User & { passwordHash: string | null }) | null> {
  const rows = await getDb()
    .select({
      id: users.id,
      email: users.email,
      rawUserMetaData: users.rawUserMetaData,
      passwordHash: users.encryptedPassword,
    })
    .from(users)
    .where(and(eq(users.email, normaliseEmail(email)), sql`${users.deletedAt} is null`));
  const row = rows[0];
  return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
}

/** Local accounts are stored the way GoTrue stores them (aud/role 'authenticated', bcrypt). */
export async function createLocalUser(input: {
  email: string;
  password: string;
  fullName: string;
}): Promise<{ ok: true; user: User } | { ok: false; code: 'email_taken' }> {
  const hash = await bcrypt.hash(input.password, BCRYPT_COST);
  const rows = await getDb()
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      encryptedPassword: hash,
      aud: 'authenticated',
      role: 'authenticated',
      emailConfirmedAt: new Date(),
      rawAppMetaData: { provider: 'email', providers: ['email'] },
      rawUserMetaData: { full_name: input.fullName.trim() },
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, rawUserMetaData: users.rawUserMetaData });
  const row = rows[0];
  return row ? { ok: true, user: toUser(row) } : { ok: false, code: 'email_taken' };
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    return false;
  }
  return bcrypt.compare(password, hash);
}

export async function recordSignIn(userId: string): Promise<void> {
  await getDb().update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** GoTrue keeps the recovery token on auth.users; we keep only its hash there. */
export async function createRecoveryToken(userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await getDb()
    .update(users)
    .set({ recoveryToken: hashToken(token), recoverySentAt: new Date() })
    .where(eq(users.id, userId));
  return token;
}

const RECOVERY_TTL_MS = 60 * 60 * 1000;

/** Consumes a recovery token (one use, one hour) and sets the new password. */
export async function resetPasswordWithToken(
  token: string,
  password: string,
): Promise<User | null> {
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  const rows = await getDb()
    .update(users)
    .set({ encryptedPassword: hash, recoveryToken: null, updatedAt: new Date() })
    .where(
      and(
        eq(users.recoveryToken, hashToken(token)),
        gt(users.recoverySentAt, new Date(Date.now() - RECOVERY_TTL_MS)),
      ),
    )
    .returning({ id: users.id, email: users.email, rawUserMetaData: users.rawUserMetaData });
  return rows[0] ? toUser(rows[0]) : null;
}
