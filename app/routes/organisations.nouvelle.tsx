import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { requireUser } from '#app/auth/auth.server.ts';
import { FormErrors, SelectField } from '#app/components/forms.tsx';
import { OrganisationIdentityFields } from '#app/components/organisation-identity-fields.tsx';
import { KIND_LABELS, ORGANISATION_KINDS } from '#app/domain/organisations/roles.ts';
import { CreateOrganisationSchema } from '#app/domain/organisations/schemas.ts';
import { t } from '#app/i18n/fr.ts';
import { createOrganisation } from '#app/models/organisation.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: CreateOrganisationSchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const organisation = await createOrganisation(submission.value, user.id);
  return redirectWithToast(`/o/${organisation.slug}`, {
    kind: 'success',
    message: t('toast.organisationCreated', { name: organisation.name }),
  });
}

export default function NewOrganisation() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'new-organisation',
    lastResult,
    constraint: getZodConstraint(CreateOrganisationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateOrganisationSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Créer une organisation</h1>
      <p className="muted">
        Une ferme, un groupe de voisins qui commande ensemble, un acheteur professionnel ou une
        organisation de producteurs. Vous en serez le responsable.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          label="Type d’organisation"
          meta={fields.kind}
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        />
        <OrganisationIdentityFields fields={fields} />
        <button type="submit">Créer</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Créer une organisation — Cabas' }];
