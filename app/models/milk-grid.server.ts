import { and, desc, eq, lte, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, milkGrids } from '#app/db/schema.ts';
import { type DairyGrid, parseDairyGrid } from '#app/domain/milk/dairy-grid.ts';
import { firstDayOf, isMilkMonth, type MilkMonth, monthLabel } from '#app/domain/milk/month.ts';

type Executor = Database | Transaction;

/** One version of a dairy's price grid (DESIGN §8: versioned data, validated on every read). */
export type MilkGridVersion = {
  id: string;
  validFrom: string;
  version: number;
  grid: DairyGrid;
  note: string;
  createdAt: Date;
};

function toVersion(row: typeof milkGrids.$inferSelect): MilkGridVersion {
  const parsed = parseDairyGrid(row.grid);
  if (!parsed.ok) {
    // Rows are written only after validation: a failure here is a schema change gone wrong.
    throw new Error(`Grille de lait ${row.id} illisible : ${parsed.message}`);
  }
  return {
    id: row.id,
    validFrom: row.validFrom,
    version: row.version,
    grid: parsed.value,
    note: row.note,
    createdAt: row.createdAt,
  };
}

/** Every version, newest validity first then newest version. */
export async function listMilkGrids(options: { dairyId: string }): Promise<MilkGridVersion[]> {
  const rows = await getDb()
    .select()
    .from(milkGrids)
    .where(eq(milkGrids.dairyId, options.dairyId))
    .orderBy(desc(milkGrids.validFrom), desc(milkGrids.version));
  return rows.map(toVersion);
}

/** The grid a month is paid with: the last version valid on the first day of the month. */
export async function findMilkGridForMonth(
  options: { dairyId: string; month: MilkMonth },
  executor: Executor = getDb(),
): Promise<MilkGridVersion | null> {
  const [row] = await executor
    .select()
    .from(milkGrids)
    .where(
      and(
        eq(milkGrids.dairyId, options.dairyId),
        lte(milkGrids.validFrom, firstDayOf(options.month)),
      ),
    )
    .orderBy(desc(milkGrids.validFrom), desc(milkGrids.version))
    .limit(1);
  return row ? toVersion(row) : null;
}

export type SaveGridResult =
  | { ok: true; version: number; validFrom: string }
  | { ok: false; message: string };

/**
 * A new version of the dairy's grid from `month` on (validated by DairyGridSchema; French
 * messages per field). Earlier versions stay: invoiced months cite the one they used.
 */
export async function saveMilkGrid(options: {
  dairyId: string;
  validFromMonth: string;
  grid: unknown;
  note: string;
  actorId: string | null;
}): Promise<SaveGridResult> {
  if (!isMilkMonth(options.validFromMonth)) {
    return { ok: false, message: 'Mois de prise d’effet invalide (AAAA-MM).' };
  }
  const parsed = parseDairyGrid(options.grid);
  if (!parsed.ok) {
    return { ok: false, message: `Grille refusée, rien n’a été enregistré :\n${parsed.message}` };
  }
  const validFrom = firstDayOf(options.validFromMonth);
  return getDb().transaction(async (tx) => {
    // One writer per dairy at a time, so two saves never take the same version number.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`milk-grid:${options.dairyId}`}))`,
    );
    const [last] = await tx
      .select({ version: milkGrids.version })
      .from(milkGrids)
      .where(and(eq(milkGrids.dairyId, options.dairyId), eq(milkGrids.validFrom, validFrom)))
      .orderBy(desc(milkGrids.version))
      .limit(1);
    const version = (last?.version ?? 0) + 1;
    await tx.insert(milkGrids).values({
      dairyId: options.dairyId,
      validFrom,
      version,
      grid: parsed.value,
      note: options.note.trim().slice(0, 300),
      createdBy: options.actorId,
    });
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.dairyId,
      action: 'milk_grid.saved',
      entity: 'milk_grid',
      entityId: null,
      data: { validFrom, version, month: monthLabel(options.validFromMonth) },
    });
    return { ok: true as const, version, validFrom };
  });
}
