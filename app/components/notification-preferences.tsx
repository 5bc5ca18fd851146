import { Form } from '@remix-run/react';
import {
  CATEGORY_LABELS,
  KIND_LABELS,
  MANDATORY_LABELS,
  type NotificationKind,
  OPTIONAL_CATEGORIES,
} from '#app/domain/notifications/kinds.ts';

const STATUS_LABELS = {
  pending: 'à envoyer',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  failed: 'échec',
  skipped: 'non envoyé',
  suppressed: 'non envoyé',
} as const;

/** « Mon compte » : which optional e-mails the member receives, and its latest mails (ADR 016). */
export function NotificationPreferences(props: {
  received: readonly string[];
  recent: {
    id: string;
    kind: NotificationKind;
    subject: string | null;
    status: keyof typeof STATUS_LABELS;
    at: string;
  }[];
  notice: string | null;
}) {
  return (
    <section className="stack" aria-labelledby="notifications-title">
      <h2 id="notifications-title">E-mails</h2>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <Form method="post" className="stack card">
        <input type="hidden" name="intent" value="notifications" />
        <fieldset>
          <legend>Recevoir par e-mail</legend>
          {OPTIONAL_CATEGORIES.map((category) => (
            <div key={category}>
              <label>
                <input
                  type="checkbox"
                  name="receive"
                  value={category}
                  defaultChecked={props.received.includes(category)}
                />{' '}
                {CATEGORY_LABELS[category].label}{' '}
                <span className="muted">({CATEGORY_LABELS[category].hint})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <p className="muted">
          Toujours envoyés, car ils ont une valeur légale :{' '}
          {MANDATORY_LABELS.join(', ').toLowerCase()}.
        </p>
        <button type="submit">Enregistrer mes choix</button>
      </Form>
      {props.recent.length > 0 ? (
        <table>
          <caption className="muted">Vos derniers e-mails</caption>
          <thead>
            <tr>
              <th scope="col">Objet</th>
              <th scope="col">Date</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {props.recent.map((mail) => (
              <tr key={mail.id}>
                <td>{mail.subject ?? KIND_LABELS[mail.kind]}</td>
                <td>{mail.at}</td>
                <td>{STATUS_LABELS[mail.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
