import { useFetcher } from '@remix-run/react';
import { SHEET_NOTE_MAX_LENGTH } from '#app/domain/ordering/sheet-note.ts';
import { t } from '#app/i18n/fr.ts';

/**
 * The households' notes on a sheet (« je passe vers 19 h »): everyone of the group reads them,
 * a household writes its own while the sheet is open, the coordinator any household's.
 */
export function SheetNotes(props: {
  households: { id: string; name: string }[];
  notes: Record<string, string>;
  writableIds: string[];
}) {
  const rows = props.households.filter(
    (h) => props.notes[h.id] !== undefined || props.writableIds.includes(h.id),
  );
  if (rows.length === 0) {
    return null;
  }
  return (
    <section className="card sheet-notes" aria-labelledby="sheet-notes-title">
      <h3 id="sheet-notes-title">{t('sheet.note.title')}</h3>
      <p className="muted">{t('sheet.note.hint')}</p>
      <dl>
        {rows.map((household) =>
          props.writableIds.includes(household.id) ? (
            <NoteForm key={household.id} household={household} note={props.notes[household.id]} />
          ) : (
            <div key={household.id} className="sheet-note">
              <dt>{household.name}</dt>
              <dd>{props.notes[household.id]}</dd>
            </div>
          ),
        )}
      </dl>
    </section>
  );
}

function NoteForm(props: { household: { id: string; name: string }; note: string | undefined }) {
  const fetcher = useFetcher<{ message: string; noteError?: boolean }>();
  const id = `note-${props.household.id}`;
  const error = fetcher.data?.noteError ? fetcher.data.message : null;
  return (
    <div className="sheet-note">
      <dt>
        <label htmlFor={id}>{props.household.name}</label>
      </dt>
      <dd>
        <fetcher.Form method="post" className="inline">
          <input type="hidden" name="intent" value="note" />
          <input type="hidden" name="householdId" value={props.household.id} />
          <input
            id={id}
            name="note"
            defaultValue={props.note ?? ''}
            maxLength={SHEET_NOTE_MAX_LENGTH}
            size={40}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />{' '}
          <button
            type="submit"
            aria-label={t('sheet.note.saveFor', { name: props.household.name })}
          >
            {t('sheet.note.save')}
          </button>
          {fetcher.state === 'idle' && fetcher.data ? (
            error ? (
              <p id={`${id}-error`} className="field-errors" role="alert">
                {error}
              </p>
            ) : (
              <span role="status"> {fetcher.data.message}</span>
            )
          ) : null}
        </fetcher.Form>
      </dd>
    </div>
  );
}
