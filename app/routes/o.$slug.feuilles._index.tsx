import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { parisLocalToInstant } from '#app/domain/calendar/paris-time.ts';
import { hasPermission } from '#app/domain/organisations/roles.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { type MessageKey, t } from '#app/i18n/fr.ts';
import { listOpenableStops, listSheets, openSheet } from '#app/models/sheet.server.ts';

async function requireGroup(request: Request, slug: string | undefined) {
  const access = await requireOrganisationPermission(request, slug, 'organisation.view');
  if (access.organisation.kind !== 'group') {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireGroup(request, params.slug);
  const canManage = hasPermission(role, 'sheets.manage');
  const [sheets, stops] = await Promise.all([
    listSheets(organisation.id),
    canManage ? listOpenableStops({ groupId: organisation.id, now: new Date() }) : [],
  ]);
  return json({
    base: `/o/${organisation.slug}/feuilles`,
    canManage,
    sheets: sheets.map((sheet) => ({
      id: sheet.id,
      title: sheet.title,
      status: sheet.status,
      deadline: formatDateTime(sheet.deadlineAt),
    })),
    stops: stops.map((stop) => ({
      id: stop.stop_id,
      label: `${formatDay(stop.delivery_on)} — ${stop.producer_name}${stop.round_title ? ` (${stop.round_title})` : ''}`,
      deadline: formatDateTime(new Date(stop.order_deadline_at)),
      offerCount: stop.offer_count,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, role, user } = await requireGroup(request, params.slug);
  if (!hasPermission(role, 'sheets.manage')) {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  const form = await request.formData();
  const stopIds = form.getAll('stopId').map(String);
  const deadlineText = String(form.get('deadline') ?? '').trim();
  let deadlineAt: Date | undefined;
  if (deadlineText !== '') {
    const parsed = parisLocalToInstant(deadlineText);
    if (!parsed.ok) {
      return json({ error: t('sheet.open.deadlinePast') }, { status: 400 });
    }
    deadlineAt = parsed.instant;
  }
  const title = String(form.get('title') ?? '').trim() || 'Commande groupée';
  const opened = await openSheet({
    groupId: organisation.id,
    userId: user.id,
    title: title.slice(0, 120),
    stopIds,
    deadlineAt,
    now: new Date(),
  });
  if (!opened.ok) {
    const keys: Record<typeof opened.error, MessageKey> = {
      'no-stop': 'sheet.open.noStop',
      'stop-unavailable': 'sheet.open.stopUnavailable',
      'deadline-later': 'sheet.open.deadlineLater',
      'deadline-past': 'sheet.open.deadlinePast',
    };
    return json({ error: t(keys[opened.error]) }, { status: 400 });
  }
  return redirect(`/o/${organisation.slug}/feuilles/${opened.sheet.id}`);
}

export default function Sheets() {
  const { base, canManage, sheets, stops } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <h2>{t('sheet.list.title')}</h2>
      {sheets.length === 0 ? (
        <p>Aucune feuille pour l’instant.</p>
      ) : (
        <ul>
          {sheets.map((sheet) => (
            <li key={sheet.id}>
              <Link to={`${base}/${sheet.id}`}>{sheet.title}</Link> —{' '}
              {sheet.status === 'open' ? t('sheet.status.open') : t('sheet.status.closed')},
              jusqu’au {sheet.deadline}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <Form method="post" className="stack">
          <h3>{t('sheet.open.title')}</h3>
          {actionData?.error ? (
            <p role="alert" className="error">
              {actionData.error}
            </p>
          ) : null}
          {stops.length === 0 ? (
            <p className="muted">Aucune tournée ouverte ne livre le groupe.</p>
          ) : (
            <fieldset>
              <legend>Tournées (plusieurs producteurs possibles)</legend>
              {stops.map((stop) => (
                <label key={stop.id} className="checkbox">
                  <input type="checkbox" name="stopId" value={stop.id} defaultChecked />{' '}
                  {stop.label} — {stop.offerCount} produits, commandes jusqu’au {stop.deadline}
                </label>
              ))}
            </fieldset>
          )}
          <label>
            Titre <input name="title" defaultValue="Commande groupée" maxLength={120} />
          </label>
          <label>
            Échéance (heure de Paris, vide = celle des tournées){' '}
            <input type="datetime-local" name="deadline" />
          </label>
          <button type="submit" disabled={stops.length === 0}>
            {t('sheet.open.title')}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
