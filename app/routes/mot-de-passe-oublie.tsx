import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { getAuthProvider } from '#app/auth/auth.server.ts';
import { ForgotPasswordSchema } from '#app/auth/schemas.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { t } from '#app/i18n/fr.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const origin = getEnv().APP_URL ?? new URL(request.url).origin;
  const headers = await getAuthProvider().requestPasswordReset(request, {
    email: submission.value.email,
    origin,
  });
  // Same answer whether or not the address has an account.
  return redirectWithToast(
    '/connexion',
    { kind: 'info', message: t('toast.resetSent') },
    { headers },
  );
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'forgot-password',
    lastResult,
    constraint: getZodConstraint(ForgotPasswordSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Mot de passe oublié</h1>
      <p className="muted">
        Indiquez votre adresse : nous vous enverrons un lien pour en choisir un nouveau.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Adresse e-mail" meta={fields.email} type="email" autoComplete="email" />
        <button type="submit">Envoyer le lien</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Mot de passe oublié — Cabas' }];
