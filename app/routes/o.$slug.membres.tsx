import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx';
import { hasPermission, invitableRoles, ROLE_LABELS } from '#app/domain/organisations/roles.ts';
import { InviteSchema } from '#app/domain/organisations/schemas.ts';
import { t } from '#app/i18n/fr.ts';
import { createInvitation } from '#app/models/invitation.server.ts';
import { sendInvitationMail } from '#app/models/notification-invitation.server.ts';
import { createHousehold, listHouseholds, listMembers } from '#app/models/organisation.server.ts';
import { getEnv } from '#app/utils/env.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requireOrganisationPermission(
    request,
    params.slug,
    'members.view',
  );
  const [members, households] = await Promise.all([
    listMembers(organisation.id),
    organisation.kind === 'group' ? listHouseholds(organisation.id) : Promise.resolve([]),
  ]);
  return json({
    members: members.map((m) => ({ ...m, roleLabel: ROLE_LABELS[m.role] })),
    households,
    roles: invitableRoles(organisation.kind, role).map((r) => ({
      value: r,
      label: ROLE_LABELS[r],
    })),
    canInvite: hasPermission(role, 'members.invite'),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, role, user } = await requireOrganisationPermission(
    request,
    params.slug,
    'members.invite',
  );
  const allowed = invitableRoles(organisation.kind, role);
  const submission = await parseWithZod(await request.formData(), {
    schema: InviteSchema.superRefine((value, ctx) => {
      if (!allowed.includes(value.role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['role'],
          message: 'Vous ne pouvez pas inviter avec ce rôle.',
        });
      }
      if (value.role === 'household' && !value.householdId && !value.householdName) {
        ctx.addIssue({
          code: 'custom',
          path: ['householdName'],
          message: 'Choisissez un foyer existant ou donnez le nom du nouveau foyer.',
        });
      }
    }),
    async: true,
  });
  if (submission.status !== 'success') {
    return json({ result: submission.reply(), link: null, mail: null }, { status: 400 });
  }
  let householdId: string | null = null;
  if (submission.value.role === 'household') {
    const households = await listHouseholds(organisation.id);
    if (submission.value.householdId) {
      // Scope check: the household must belong to this group.
      householdId = households.find((h) => h.id === submission.value.householdId)?.id ?? null;
    } else {
      const name = submission.value.householdName!;
      householdId =
        households.find((h) => h.name === name)?.id ??
        (await createHousehold({ groupId: organisation.id, name }))?.id ??
        null;
    }
    if (!householdId) {
      return json(
        {
          result: submission.reply({
            fieldErrors: { householdId: ['Foyer introuvable dans ce groupe.'] },
          }),
          link: null,
          mail: null,
        },
        { status: 400 },
      );
    }
  }
  const { token, expiresAt } = await createInvitation({
    organisationId: organisation.id,
    role: submission.value.role,
    householdId,
    email: submission.value.email ?? null,
    createdBy: user.id,
  });
  const origin = getEnv().APP_URL ?? new URL(request.url).origin;
  const link = `${origin}/invitation/${token}`;
  // The link also goes to the address typed, when there is one (ADR 016).
  const email = submission.value.email ?? null;
  const mailed = email
    ? await sendInvitationMail({
        to: email,
        organisationName: organisation.name,
        roleLabel: ROLE_LABELS[submission.value.role],
        householdName: householdId
          ? ((await listHouseholds(organisation.id)).find((h) => h.id === householdId)?.name ??
            null)
          : null,
        inviterName: user.fullName,
        link,
        expiresAt,
      })
    : null;
  return json({
    result: submission.reply({ resetForm: true }),
    link,
    mail: email && mailed ? { to: email, sent: mailed.sent } : null,
  });
}

export default function Members() {
  const { members, households, roles, canInvite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'invite',
    lastResult: actionData?.result,
    constraint: getZodConstraint(InviteSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <div>
      <h2>Membres</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Nom</th>
            <th scope="col">E-mail</th>
            <th scope="col">Rôle</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.fullName}</td>
              <td>{m.email}</td>
              <td>
                {m.roleLabel}
                {m.householdName ? ` (${m.householdName})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canInvite ? (
        <section className="card">
          <h2>Inviter un membre</h2>
          {actionData?.link ? (
            <div role="status">
              <p>
                {actionData.mail?.sent
                  ? t('toast.invitationMailed', { email: actionData.mail.to })
                  : actionData.mail
                    ? t('toast.invitationMailFailed', { email: actionData.mail.to })
                    : t('toast.invitationCreated')}
              </p>
              <code className="invite-link" data-testid="invitation-link">
                {actionData.link}
              </code>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField label="Rôle" meta={fields.role} options={roles} />
            <Field
              label="E-mail (facultatif : le lien y est envoyé)"
              meta={fields.email}
              type="email"
            />
            {households.length > 0 ? (
              <SelectField
                label="Foyer existant (rôle foyer)"
                meta={fields.householdId}
                options={households.map((h) => ({ value: h.id, label: h.name }))}
              />
            ) : null}
            {roles.some((r) => r.value === 'household') ? (
              <Field label="Ou nouveau foyer (rôle foyer)" meta={fields.householdName} />
            ) : null}
            <button type="submit">Créer le lien d’invitation</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
