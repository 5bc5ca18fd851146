import { Form } from '@remix-run/react';
import { t } from '#app/i18n/fr.ts';

export type SheetReminderRow = {
  householdId: string;
  householdName: string;
  isEmpty: boolean;
  memberCount: number;
  reminders: { at: string; by: string | null; delivery: string }[];
  nextReminderAt: string | null;
};

/**
 * The coordinator's « Relancer les foyers » (households whose row is still empty, at most once
 * per 12 h each) and who was reminded when (ADR 016).
 */
export function SheetReminders(props: { rows: SheetReminderRow[]; isOpen: boolean }) {
  const empty = props.rows.filter((row) => row.isEmpty);
  const reminded = props.rows.filter((row) => row.reminders.length > 0);
  const shown = props.isOpen
    ? props.rows.filter((row) => row.isEmpty || row.reminders.length > 0)
    : reminded;
  return (
    <section className="stack" aria-labelledby="sheet-reminders">
      <h3 id="sheet-reminders">{t('sheet.reminders.title')}</h3>
      {props.isOpen ? (
        <Form method="post" className="stack">
          <p className="muted">
            {empty.length === 0
              ? t('sheet.reminders.noneEmpty')
              : t(empty.length > 1 ? 'sheet.reminders.hintMany' : 'sheet.reminders.hintOne', {
                  count: empty.length,
                })}
          </p>
          {empty.length > 0 ? (
            <p>
              <button type="submit" name="intent" value="remind">
                {t('sheet.remind')}
              </button>
            </p>
          ) : null}
        </Form>
      ) : null}
      {shown.length > 0 ? (
        <table>
          <caption className="muted">{t('sheet.reminders.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">Foyer</th>
              <th scope="col">Ligne</th>
              <th scope="col">Relances</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.householdId}>
                <th scope="row">{row.householdName}</th>
                <td>
                  {row.isEmpty ? 'vide' : 'remplie'}
                  {row.memberCount === 0 ? ' · sans compte' : ''}
                </td>
                <td>
                  {row.reminders.length === 0
                    ? 'jamais relancé'
                    : row.reminders
                        .map(
                          (reminder) =>
                            `${reminder.at} (${reminder.by ?? 'rappel automatique de la veille'} ; ${reminder.delivery})`,
                        )
                        .join(' ; ')}
                  {props.isOpen && row.isEmpty && row.nextReminderAt
                    ? ` · nouvelle relance possible le ${row.nextReminderAt}`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
