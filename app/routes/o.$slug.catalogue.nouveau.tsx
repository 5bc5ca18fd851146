import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { ProductFields } from '#app/components/product-fields.tsx';
import { ProductFormSchema } from '#app/domain/catalogue/product-form.ts';
import { t } from '#app/i18n/fr.ts';
import { saveProducts } from '#app/models/catalogue.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { producer } = await requireCatalogueManager(request, params.slug);
  // A flat-rate farmer invoices no VAT: preselect « aucune ».
  const vatRateBp = producer.vatRegime === 'liable' || producer.vatRegime === null ? '' : 'aucune';
  return json({ defaults: { stepMilli: '1', isActive: true, egalimCategory: 'other', vatRateBp } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { producer, user } = await requireCatalogueManager(request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: ProductFormSchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const written = await saveProducts({
    producer,
    actorId: user.id,
    action: 'product.created',
    changes: [{ productId: null, draft: submission.value, line: 1 }],
  });
  if (!written.ok) {
    return json(submission.reply({ formErrors: written.errors.map((e) => e.message) }), {
      status: 400,
    });
  }
  return redirectWithToast(`/o/${producer.slug}/catalogue/${written.productIds[0]}`, {
    kind: 'success',
    message: t('toast.productCreated', { name: submission.value.name }),
  });
}

export default function NewProduct() {
  const { defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'new-product',
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductFormSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h2>Nouveau produit</h2>
      <Form method="post" {...getFormProps(form)} className="stack product-form">
        <FormErrors id={form.errorId} errors={form.errors} />
        <ProductFields fields={fields} />
        <button type="submit">Ajouter au catalogue</button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Nouveau produit — Cabas' }];
