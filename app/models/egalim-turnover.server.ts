import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, egalimTurnovers } from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';

/**
 * Declared annual turnovers per Egalim production (R631-6 "pour le produit agricole concerné"),
 * for producers and buyers. Classification reads the last closed calendar year
 * (docs/decisions/007-egalim-sales.md, RULES-FR open point 1).
 */
export type TurnoverRow = {
  year: number;
  egalimCategory: EgalimCategory;
  isSiqo: boolean;
  turnoverCents: number;
};

export type TurnoverEntry = {
  egalimCategory: EgalimCategory;
  isSiqo: boolean;
  /** Null removes the declaration. */
  turnoverCents: number | null;
};

export async function listTurnovers(options: { organisationId: string }): Promise<TurnoverRow[]> {
  const rows = await getDb()
    .select({
      year: egalimTurnovers.year,
      egalimCategory: egalimTurnovers.egalimCategory,
      isSiqo: egalimTurnovers.isSiqo,
      turnoverCents: egalimTurnovers.turnoverCents,
    })
    .from(egalimTurnovers)
    .where(eq(egalimTurnovers.organisationId, options.organisationId))
    .orderBy(asc(egalimTurnovers.year), asc(egalimTurnovers.egalimCategory));
  return rows.map((row) => ({ ...row, egalimCategory: row.egalimCategory as EgalimCategory }));
}

/** Saves one year's declarations all at once (upsert; null deletes), in one transaction. */
export async function saveTurnovers(options: {
  organisationId: string;
  year: number;
  entries: TurnoverEntry[];
  actorId: string | null;
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    for (const entry of options.entries) {
      const key = and(
        eq(egalimTurnovers.organisationId, options.organisationId),
        eq(egalimTurnovers.year, options.year),
        eq(egalimTurnovers.egalimCategory, entry.egalimCategory),
        eq(egalimTurnovers.isSiqo, entry.isSiqo),
      );
      if (entry.turnoverCents === null) {
        await tx.delete(egalimTurnovers).where(key);
        continue;
      }
      await tx
        .insert(egalimTurnovers)
        .values({
          organisationId: options.organisationId,
          year: options.year,
          egalimCategory: entry.egalimCategory,
          isSiqo: entry.isSiqo,
          turnoverCents: entry.turnoverCents,
          updatedBy: options.actorId,
        })
        .onConflictDoUpdate({
          target: [
            egalimTurnovers.organisationId,
            egalimTurnovers.year,
            egalimTurnovers.egalimCategory,
            egalimTurnovers.isSiqo,
          ],
          set: {
            turnoverCents: entry.turnoverCents,
            updatedBy: options.actorId,
            updatedAt: new Date(),
          },
        });
    }
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.organisationId,
      action: 'egalim.turnovers.saved',
      entity: 'egalim_turnovers',
      entityId: String(options.year),
      data: { year: options.year, entries: options.entries },
    });
  });
}

/**
 * Turnovers of a year for several organisations and productions, keyed
 * `${organisationId}|${category}|${siqo}`.
 */
export async function getTurnoverMap(options: {
  organisationIds: string[];
  year: number;
}): Promise<Map<string, number>> {
  if (options.organisationIds.length === 0) {
    return new Map();
  }
  const rows = await getDb()
    .select()
    .from(egalimTurnovers)
    .where(
      and(
        inArray(egalimTurnovers.organisationId, options.organisationIds),
        eq(egalimTurnovers.year, options.year),
      ),
    );
  return new Map(
    rows.map((row) => [
      turnoverKey(row.organisationId, row.egalimCategory, row.isSiqo),
      row.turnoverCents,
    ]),
  );
}

export function turnoverKey(organisationId: string, category: string, isSiqo: boolean): string {
  return `${organisationId}|${category}|${isSiqo}`;
}
