import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { requireAnonymous, safeRedirectTo, signIn } from '#app/auth/auth.server.ts';
import { SignInSchema } from '#app/auth/schemas.ts';
import { Field, FormErrors } from '#app/components/forms.tsx';
import { t } from '#app/i18n/fr.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: SignInSchema });
  if (submission.status !== 'success') {
    return json(submission.reply({ hideFields: ['password'] }), { status: 400 });
  }
  const result = await signIn(request, submission.value);
  if (!result.ok) {
    return json(submission.reply({ formErrors: [result.message], hideFields: ['password'] }), {
      status: result.code === 'throttled' ? 429 : 400,
    });
  }
  return redirectWithToast(
    safeRedirectTo(submission.value.redirectTo),
    { kind: 'success', message: t('toast.signedIn') },
    { headers: result.headers },
  );
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: 'sign-in',
    lastResult,
    constraint: getZodConstraint(SignInSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h1>Se connecter</h1>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label="Adresse e-mail" meta={fields.email} type="email" autoComplete="email" />
        <Field
          label="Mot de passe"
          meta={fields.password}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit">Se connecter</button>
      </Form>
      <p>
        <Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link> ·{' '}
        <Link to="/inscription">Créer un compte</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Se connecter — Cabas' }];
