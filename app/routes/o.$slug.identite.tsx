import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireOrganisationPermission } from '#app/auth/require.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { OrganisationIdentityFields } from '#app/components/organisation-identity-fields.tsx';
import { OrganisationIdentitySchema } from '#app/domain/organisations/schemas.ts';
import { t } from '#app/i18n/fr.ts';
import { updateOrganisationIdentity } from '#app/models/organisation.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisationPermission(
    request,
    params.slug,
    'organisation.edit',
  );
  const {
    name,
    legalName,
    siret,
    vatNumber,
    vatRegime,
    addressLine1,
    addressLine2,
    postalCode,
    city,
    email,
    phone,
  } = organisation;
  return json({
    defaults: {
      name,
      legalName,
      siret,
      vatNumber,
      vatRegime,
      addressLine1,
      addressLine2,
      postalCode,
      city,
      email,
      phone,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOrganisationPermission(
    request,
    params.slug,
    'organisation.edit',
  );
  const submission = parseWithZod(await request.formData(), { schema: OrganisationIdentitySchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const v = submission.value;
  await updateOrganisationIdentity({
    organisationId: organisation.id,
    actorId: user.id,
    input: {
      name: v.name,
      legalName: v.legalName ?? null,
      siret: v.siret ?? null,
      vatNumber: v.vatNumber ?? null,
      vatRegime: v.vatRegime ?? null,
      addressLine1: v.addressLine1 ?? null,
      addressLine2: v.addressLine2 ?? null,
      postalCode: v.postalCode ?? null,
      city: v.city ?? null,
      email: v.email ?? null,
      phone: v.phone ?? null,
    },
  });
  return redirectWithToast(`/o/${organisation.slug}`, {
    kind: 'success',
    message: t('toast.identitySaved'),
  });
}

export default function EditIdentity() {
  const { defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'identity',
    lastResult,
    defaultValue: defaults,
    constraint: getZodConstraint(OrganisationIdentitySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationIdentitySchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <OrganisationIdentityFields fields={fields} />
      <button type="submit">Enregistrer</button>
    </Form>
  );
}
