import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { getAuthProvider, requireAnonymous, safeRedirectTo } from '#app/auth/auth.server.ts';
import { SignUpSchema } from '#app/auth/schemas.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { t } from '#app/i18n/fr.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignUpSchema });
  if (submission.status !== 'success') {
    return json(submission.reply({ hideFields: ['password', 'confirmPassword'] }), { status: 400 });
  }
  const { email, password, fullName, redirectTo } = submission.value;
  const result = await getAuthProvider().signUp(request, { email, password, fullName });
  if (!result.ok) {
    const field =
      result.code === 'email_taken' ? 'email' : result.code === 'weak_password' ? 'password' : null;
    const fieldErrors: Record<string, string[]> | undefined = field
      ? { [field]: [result.message] }
      : undefined;
    return json(
      submission.reply({
        fieldErrors,
        formErrors: fieldErrors ? undefined : [result.message],
        hideFields: ['password', 'confirmPassword'],
      }),
      { status: 400 },
    );
  }
  return redirectWithToast(
    safeRedirectTo(redirectTo),
    { kind: 'success', message: t('toast.signedUp') },
    { headers: result.headers },
  );
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: 'sign-up',
    lastResult,
    constraint: getZodConstraint(SignUpSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Créer un compte</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label="Nom complet" meta={fields.fullName} autoComplete="name" />
        <Field label="Adresse e-mail" meta={fields.email} type="email" autoComplete="email" />
        <Field
          label="Mot de passe"
          meta={fields.password}
          type="password"
          autoComplete="new-password"
          hint="Au moins 10 caractères."
        />
        <Field
          label="Confirmer le mot de passe"
          meta={fields.confirmPassword}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit">Créer mon compte</button>
      </Form>
      <p>
        Déjà inscrit ? <Link to="/connexion">Se connecter</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Créer un compte — Cabas' }];
