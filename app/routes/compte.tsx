import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireUser } from '#app/auth/auth.server.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { NotificationPreferences } from '#app/components/notification-preferences.tsx';
import { OPTIONAL_CATEGORIES } from '#app/domain/notifications/kinds.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '#app/models/api-token.server.ts';
import {
  getNotificationOptOuts,
  listRecentNotifications,
  setNotificationOptOuts,
} from '#app/models/notification-preferences.server.ts';

const CreateTokenSchema = z.object({
  intent: z.literal('create'),
  name: z
    .string({ error: t('field.required') })
    .trim()
    .min(1, t('field.required'))
    .max(80, t('field.nameTooLong', { max: 80 })),
  // conform coerces the form string to a number before zod sees it.
  days: z
    .number({ error: 'Durée en jours attendue.' })
    .int('Durée en jours attendue.')
    .min(1, 'Au moins 1 jour.')
    .max(365, 'Au plus 365 jours.'),
});
const RevokeSchema = z.object({ intent: z.literal('revoke'), tokenId: z.uuid() });
const PreferencesSchema = z.object({ receive: z.array(z.enum(OPTIONAL_CATEGORIES)) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [tokens, optOuts, recent] = await Promise.all([
    listApiTokens(user.id),
    getNotificationOptOuts(user.id),
    listRecentNotifications(user.id),
  ]);
  const now = Date.now();
  return json({
    notifications: {
      received: OPTIONAL_CATEGORIES.filter((category) => !optOuts.has(category)),
      recent: recent.map((mail) => ({
        id: mail.id,
        kind: mail.kind,
        subject: mail.subject,
        status: mail.status,
        at: formatDateTime(mail.sentAt ?? mail.createdAt),
      })),
    },
    user: { fullName: user.fullName, email: user.email },
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      createdAt: formatDateTime(token.createdAt),
      expiresAt: formatDateTime(token.expiresAt),
      lastUsedAt: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : null,
      state: token.revokedAt ? 'révoqué' : token.expiresAt.getTime() < now ? 'expiré' : 'actif',
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get('intent') === 'notifications') {
    const parsed = PreferencesSchema.safeParse({ receive: formData.getAll('receive') });
    if (!parsed.success) {
      return json(
        { result: null, token: null, revoked: false, notice: t('account.notifications.invalid') },
        { status: 400 },
      );
    }
    await setNotificationOptOuts({
      userId: user.id,
      disabled: OPTIONAL_CATEGORIES.filter((category) => !parsed.data.receive.includes(category)),
    });
    return json({
      result: null,
      token: null,
      revoked: false,
      notice: t('account.notifications.saved'),
    });
  }
  if (formData.get('intent') === 'revoke') {
    const parsed = RevokeSchema.safeParse(Object.fromEntries(formData));
    const revoked =
      parsed.success && (await revokeApiToken({ userId: user.id, tokenId: parsed.data.tokenId }));
    return json(
      { result: null, token: null, revoked, notice: null },
      { status: revoked ? 200 : 404 },
    );
  }
  const submission = parseWithZod(formData, { schema: CreateTokenSchema });
  if (submission.status !== 'success') {
    return json(
      { result: submission.reply(), token: null, revoked: false, notice: null },
      { status: 400 },
    );
  }
  const created = await createApiToken({
    userId: user.id,
    name: submission.value.name,
    ttlMs: submission.value.days * 24 * 60 * 60 * 1000,
  });
  return json({
    result: submission.reply({ resetForm: true }),
    token: created.token,
    revoked: false,
    notice: null,
  });
}

export default function Account() {
  const { user, tokens, notifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'api-token',
    lastResult: actionData?.result,
    constraint: getZodConstraint(CreateTokenSchema),
    defaultValue: { days: '90' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateTokenSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Mon compte</h1>
      <p>
        {user.fullName} · {user.email}
      </p>
      <NotificationPreferences {...notifications} notice={actionData?.notice ?? null} />
      <h2>Jetons d’API</h2>
      <p className="muted">
        Pour relier un logiciel à Cabas par l’<a href="/api/v1/openapi.json">API JSON</a>. Un jeton
        donne vos droits : gardez-le secret.
      </p>
      {actionData?.token ? (
        <div role="status" className="card">
          <p>Copiez ce jeton maintenant : il ne sera plus affiché.</p>
          <code className="invite-link" data-testid="api-token">
            {actionData.token}
          </code>
        </div>
      ) : null}
      {tokens.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Créé le</th>
              <th scope="col">Expire le</th>
              <th scope="col">Dernier usage</th>
              <th scope="col">État</th>
              <th scope="col">
                <span className="muted">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.createdAt}</td>
                <td>{token.expiresAt}</td>
                <td>{token.lastUsedAt ?? 'jamais'}</td>
                <td>{token.state}</td>
                <td>
                  {token.state === 'actif' ? (
                    <Form method="post">
                      <input type="hidden" name="tokenId" value={token.id} />
                      <button type="submit" name="intent" value="revoke" className="secondary">
                        Révoquer
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack card">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="create" />
        <Field label="Nom du jeton" meta={fields.name} hint="Par exemple « logiciel de caisse »." />
        <Field label="Validité (jours)" meta={fields.days} type="number" />
        <button type="submit">Créer un jeton</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Mon compte — Cabas' }];
