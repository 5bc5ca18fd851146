import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { SheetPaymentsPanel } from '#app/components/payments.tsx';
import { SheetGrid } from '#app/components/sheets/sheet-grid.tsx';
import { SheetNotes } from '#app/components/sheets/sheet-notes.tsx';
import { SheetReminders } from '#app/components/sheets/sheet-reminders.tsx';
import { instantToParisLocal, parisLocalToInstant } from '#app/domain/calendar/paris-time.ts';
import { reminderDeliveryLabel } from '#app/domain/notifications/reminders.ts';
import { parseSheetNote } from '#app/domain/ordering/sheet-note.ts';
import { isSheetWritable } from '#app/domain/ordering/sheet-rules.ts';
import { hasPermission } from '#app/domain/organisations/roles.ts';
import { quantityWithUnit, saleUnitLabel } from '#app/domain/rounds/quantity-label.ts';
import { formatCents, formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  listSheetReminders,
  remindSheetHouseholds,
} from '#app/models/notification-reminders.server.ts';
import { loadSheetPaymentsPanel } from '#app/models/payment-views.server.ts';
import {
  closeSheet,
  getPreviousOrders,
  getSheet,
  getSheetGrid,
  getSheetMinimumShortfalls,
  getSheetMinimums,
  getSheetNotes,
  getSheetOpenPacks,
  type PreviousOrder,
  setSheetDeadline,
  setSheetNote,
} from '#app/models/sheet.server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function requireSheet(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireOrganisationPermission(request, params.slug, 'organisation.view');
  const sheet =
    access.organisation.kind === 'group' && UUID.test(params.sheetId ?? '')
      ? await getSheet({ sheetId: params.sheetId!, groupId: access.organisation.id })
      : null;
  if (!sheet) {
    throw new Response('Feuille introuvable', { status: 404 });
  }
  return { ...access, sheet };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role, householdId, sheet } = await requireSheet(request, params);
  const [grid, minimums] = await Promise.all([getSheetGrid(sheet.id), getSheetMinimums(sheet.id)]);
  const isCoordinator = hasPermission(role, 'sheets.manage');
  // Payments (issue 5): once closed, who has paid and the member's own share.
  const payments =
    sheet.status === 'closed'
      ? await loadSheetPaymentsPanel({
          sheetId: sheet.id,
          groupSlug: organisation.slug,
          householdId,
        })
      : null;
  // Reminders (ADR 016): who was reminded when, for the coordinator only.
  const reminders = isCoordinator
    ? (await listSheetReminders({ sheetId: sheet.id, now: new Date() })).map((row) => ({
        ...row,
        reminders: row.reminders.map((reminder) => ({
          at: formatDateTime(reminder.at),
          by: reminder.by,
          delivery: reminderDeliveryLabel(reminder.delivery),
        })),
        nextReminderAt: row.nextReminderAt ? formatDateTime(row.nextReminderAt) : null,
      }))
    : null;
  // « Reprendre ma dernière commande », while the sheet is writable: a member gets its own
  // household's previous row; a coordinator, who fills rows for households without a phone,
  // every household's.
  const isWritable = isSheetWritable(sheet, new Date());
  const reorderHouseholdIds = isCoordinator
    ? grid.households.map((h) => h.id)
    : householdId
      ? [householdId]
      : [];
  const [previous, notes] = await Promise.all([
    isWritable
      ? getPreviousOrders(sheet.id, reorderHouseholdIds)
      : Promise.resolve<Record<string, PreviousOrder>>({}),
    getSheetNotes(sheet.id),
  ]);
  return json({
    payments,
    reminders,
    notes,
    noteHouseholdIds: isWritable ? reorderHouseholdIds : [],
    previousOrders: Object.fromEntries(
      Object.entries(previous).map(([id, order]) => [
        id,
        { title: order.sheetTitle, quantities: order.quantities },
      ]),
    ),
    base: `/o/${organisation.slug}/feuilles`,
    sheet: {
      id: sheet.id,
      title: sheet.title,
      status: sheet.status,
      deadlineAt: sheet.deadlineAt.toISOString(),
      deadline: formatDateTime(sheet.deadlineAt),
      deadlineLocal: instantToParisLocal(sheet.deadlineAt),
    },
    isCoordinator,
    isWritable,
    ownHouseholdIds: householdId ? [householdId] : [],
    households: grid.households,
    minimums: Object.fromEntries(minimums.map((m) => [m.producerId, m.minimumOrderCents])),
    products: grid.products.map((p) => ({
      id: p.id,
      name: p.name,
      unitLabel: saleUnitLabel(p.quantityUnit, 1000),
      priceUnitLabel: saleUnitLabel(p.saleUnit, 1000),
      saleUnit: p.quantityUnit,
      estimatedWeightGrams: p.estimatedWeightGrams,
      producerId: p.producerId,
      producerName: p.producerName,
      stepMilli: p.stepMilli,
      maxPerHouseholdMilli: p.maxPerHouseholdMilli,
      packMilli: p.packMilli,
      unitPriceCents: p.unitPriceCents,
      stockMilli: p.stockMilli,
      reservedElsewhereMilli: p.reservedMilli - (grid.productTotals[p.id] ?? 0),
    })),
    initialCells: Object.fromEntries(grid.cells.map((c) => [c.key, c.quantityMilli])),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { role, user, sheet, organisation, householdId } = await requireSheet(request, params);
  const form = await request.formData();
  if (form.get('intent') === 'note') {
    // A household writes its own note; the coordinator any household's (one without a phone).
    const target = String(form.get('householdId') ?? '');
    const mayWrite = hasPermission(role, 'sheets.manage') || target === householdId;
    if (!mayWrite) {
      return json({ message: t('sheet.note.forbidden'), noteError: true }, { status: 403 });
    }
    const parsed = parseSheetNote(form.get('note'));
    if (!parsed.ok) {
      return json({ message: parsed.message, noteError: true }, { status: 400 });
    }
    const result = UUID.test(target)
      ? await setSheetNote({
          sheetId: sheet.id,
          householdId: target,
          userId: user.id,
          note: parsed.note,
          now: new Date(),
        })
      : ({ ok: false, error: 'household-not-in-group' } as const);
    if (!result.ok) {
      const message =
        result.error === 'closed' ? t('sheet.note.closed') : t('sheet.note.unknownHousehold');
      return json({ message, noteError: true }, { status: result.error === 'closed' ? 409 : 400 });
    }
    return json({
      message: parsed.note === null ? t('sheet.note.removed') : t('sheet.note.saved'),
    });
  }
  if (!hasPermission(role, 'sheets.manage')) {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  if (form.get('intent') === 'close') {
    const result = await closeSheet({ sheetId: sheet.id, closedBy: user.id });
    if (!result.changed) {
      return json({ message: t('sheet.alreadyClosed') });
    }
    // Packs left started: the coordinator tells the producer (or the group completes them).
    // Packs and minimums read the closed sheet's cells, loaded once.
    const grid = await getSheetGrid(sheet.id);
    const open = (await getSheetOpenPacks(sheet.id, grid)).map((pack) =>
      t('sheet.pack.openItem', {
        name: pack.name,
        missing: quantityWithUnit(pack.quantityUnit, pack.fill.missingMilli),
        pack: quantityWithUnit(pack.quantityUnit, pack.packMilli),
      }),
    );
    const short = (await getSheetMinimumShortfalls(sheet.id, grid)).map((shortfall) =>
      t('sheet.minimum.shortItem', {
        producer: shortfall.producerName,
        missing: formatCents(shortfall.missingCents),
      }),
    );
    const message = [
      t('sheet.closed', { count: result.orderCount }),
      open.length > 0 ? `${t('sheet.pack.leftOpen')} ${open.join(' ; ')}.` : null,
      short.length > 0 ? `${t('sheet.minimum.notReached')} ${short.join(' ; ')}.` : null,
    ];
    return json({ message: message.filter(Boolean).join(' ') });
  }
  if (form.get('intent') === 'remind') {
    const result = await remindSheetHouseholds({
      sheetId: sheet.id,
      groupId: organisation.id,
      userId: user.id,
      now: new Date(),
      origin: new URL(request.url).origin,
    });
    return json({ message: result.message }, { status: result.ok ? 200 : 400 });
  }
  if (form.get('intent') === 'deadline') {
    const parsed = parisLocalToInstant(String(form.get('deadline') ?? ''));
    if (!parsed.ok) {
      return json({ message: t('sheet.open.deadlinePast') }, { status: 400 });
    }
    const result = await setSheetDeadline({
      sheetId: sheet.id,
      groupId: organisation.id,
      deadlineAt: parsed.instant,
      now: new Date(),
    });
    if (!result.ok) {
      const messages = {
        'deadline-later': t('sheet.open.deadlineLater'),
        'deadline-past': t('sheet.open.deadlinePast'),
        closed: t('sheet.alreadyClosed'),
      };
      return json({ message: messages[result.error] }, { status: 400 });
    }
    return json({ message: t('sheet.deadline.updated') });
  }
  throw new Response('Action inconnue', { status: 400 });
}

export default function SheetPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <Link to={data.base}>← Feuilles</Link>
      </p>
      <h2>
        {data.sheet.title}{' '}
        <small className="muted">
          {data.sheet.status === 'open' ? t('sheet.status.open') : t('sheet.status.closed')} ·
          jusqu’au {data.sheet.deadline}
        </small>
      </h2>
      {actionData?.message ? <p role="status">{actionData.message}</p> : null}
      <SheetGrid
        key={`${data.sheet.id}-${data.sheet.status}-${data.sheet.deadlineAt}`}
        sheetId={data.sheet.id}
        households={data.households}
        products={data.products}
        initialCells={data.initialCells}
        minimums={data.minimums}
        ownHouseholdIds={data.ownHouseholdIds}
        isCoordinator={data.isCoordinator}
        isWritable={data.isWritable}
        deadlineAt={data.sheet.deadlineAt}
        previousOrders={data.previousOrders}
      />
      <SheetNotes
        households={data.households}
        notes={data.notes}
        writableIds={data.noteHouseholdIds}
      />
      {data.payments ? <SheetPaymentsPanel {...data.payments} /> : null}
      {data.reminders ? (
        <SheetReminders rows={data.reminders} isOpen={data.sheet.status === 'open'} />
      ) : null}
      {data.isCoordinator ? (
        <div className="stack">
          <Link to={`${data.base}/${data.sheet.id}/historique`}>{t('sheet.history')}</Link>
          {data.sheet.status === 'closed' ? (
            <p>
              Liste de distribution :{' '}
              <a href={`${data.base}/${data.sheet.id}/distribution.pdf`}>PDF à imprimer</a> ·{' '}
              <a href={`${data.base}/${data.sheet.id}/distribution.csv`}>tableur (CSV)</a>
            </p>
          ) : null}
          {data.sheet.status === 'open' ? (
            <>
              <Form method="post">
                <label>
                  Échéance (heure de Paris){' '}
                  <input
                    type="datetime-local"
                    name="deadline"
                    defaultValue={data.sheet.deadlineLocal}
                  />
                </label>{' '}
                <button type="submit" name="intent" value="deadline">
                  Avancer l’échéance
                </button>
              </Form>
              <Form method="post">
                <button type="submit" name="intent" value="close">
                  {t('sheet.close')}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
