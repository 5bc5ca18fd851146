import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { getAuthProvider } from '#app/auth/auth.server.ts';
import { ResetPasswordSchema } from '#app/auth/schemas.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { t } from '#app/i18n/fr.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== 'success') {
    return json(submission.reply({ hideFields: ['password', 'confirmPassword'] }), { status: 400 });
  }
  const result = await getAuthProvider().resetPassword(request, submission.value);
  if (!result.ok) {
    return json(
      submission.reply({
        formErrors: [result.message],
        hideFields: ['password', 'confirmPassword'],
      }),
      {
        status: 400,
      },
    );
  }
  return redirectWithToast(
    '/',
    { kind: 'success', message: t('toast.passwordReset') },
    { headers: result.headers },
  );
}

export default function ResetPassword() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  // Local accounts send `?token=`; Supabase Auth (PKCE) comes back with `?code=`.
  const token = searchParams.get('token') ?? searchParams.get('code') ?? '';
  const [form, fields] = useForm({
    id: 'reset-password',
    lastResult,
    constraint: getZodConstraint(ResetPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Choisir un nouveau mot de passe</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <Field
          label="Nouveau mot de passe"
          meta={fields.password}
          type="password"
          autoComplete="new-password"
        />
        <Field
          label="Confirmer le mot de passe"
          meta={fields.confirmPassword}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit">Enregistrer</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Nouveau mot de passe — Cabas' }];
