import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { ProductFields } from '#app/components/product-fields.tsx';
import { formatPercentBasisPoints } from '#app/domain/catalogue/french-number.ts';
import { ProductFormSchema, productFormDefaults } from '#app/domain/catalogue/product-form.ts';
import { formatCents, formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { getPhotoStorage } from '#app/integrations/photo-storage.server.ts';
import {
  getProducerProduct,
  listPriceChanges,
  productToDraft,
  saveProducts,
} from '#app/models/catalogue.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

async function requireProduct(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireCatalogueManager(request, params.slug);
  const product = await getProducerProduct({
    producerId: access.producer.id,
    productId: params.productId ?? '',
  });
  if (!product) {
    throw new Response('Produit introuvable', { status: 404 });
  }
  return { ...access, product };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { product } = await requireProduct(request, params);
  const history = await listPriceChanges(product.id);
  const storage = await getPhotoStorage();
  return json({
    productId: product.id,
    name: product.name,
    photoUrl: product.photoPath ? storage.urlFor(product.photoPath) : null,
    defaults: productFormDefaults(productToDraft(product)),
    history: history.map((change) => ({
      id: change.id,
      at: formatDateTime(change.changedAt),
      by: change.changedBy ?? '—',
      consumer: formatCents(change.consumerPriceGrossCents),
      pro: change.proPriceNetCents === null ? '—' : formatCents(change.proPriceNetCents),
      vat: change.vatRateBp === null ? 'aucune' : `${formatPercentBasisPoints(change.vatRateBp)} %`,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { producer, user, product } = await requireProduct(request, params);
  const submission = parseWithZod(await request.formData(), { schema: ProductFormSchema });
  if (submission.status !== 'success') {
    return json(submission.reply(), { status: 400 });
  }
  const written = await saveProducts({
    producer,
    actorId: user.id,
    action: 'product.updated',
    changes: [{ productId: product.id, draft: submission.value, line: 1 }],
  });
  if (!written.ok) {
    return json(submission.reply({ formErrors: written.errors.map((e) => e.message) }), {
      status: 400,
    });
  }
  return redirectWithToast(`/o/${producer.slug}/catalogue/${product.id}`, {
    kind: 'success',
    message: t('toast.productSaved', { name: submission.value.name }),
  });
}

export default function EditProduct() {
  const { productId, name, photoUrl, defaults, history } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `product-${productId}`,
    lastResult,
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProductFormSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section>
      <h2>{name}</h2>
      <div className="product-edit">
        <Form method="post" {...getFormProps(form)} className="stack product-form">
          <FormErrors id={form.errorId} errors={form.errors} />
          <ProductFields fields={fields} />
          <button type="submit">Enregistrer</button>
        </Form>
        <aside className="stack">
          <section aria-labelledby="photo-title">
            <h3 id="photo-title">Photo</h3>
            {photoUrl ? (
              <img src={photoUrl} alt={name} className="product-photo" width={240} />
            ) : (
              <p className="muted">Pas encore de photo.</p>
            )}
            <Form
              method="post"
              action="photo"
              encType="multipart/form-data"
              className="stack"
              reloadDocument
            >
              <div className="field">
                <label htmlFor="photo">Nouvelle photo (JPEG, PNG ou WebP, 5 Mo au plus)</label>
                <input
                  id="photo"
                  name="photo"
                  type="file"
                  accept="image/jpeg,image/png,image/webp"
                />
              </div>
              <button type="submit" name="intent" value="upload" className="secondary">
                Envoyer la photo
              </button>
              {photoUrl ? (
                <button type="submit" name="intent" value="remove" className="secondary">
                  Retirer la photo
                </button>
              ) : null}
            </Form>
          </section>
          <section aria-labelledby="history-title">
            <h3 id="history-title">Historique des prix</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Prix TTC</th>
                  <th scope="col">Prix pro HT</th>
                  <th scope="col">TVA</th>
                  <th scope="col">Par</th>
                </tr>
              </thead>
              <tbody>
                {history.map((change) => (
                  <tr key={change.id}>
                    <td>{change.at}</td>
                    <td>{change.consumer}</td>
                    <td>{change.pro}</td>
                    <td>{change.vat}</td>
                    <td>{change.by}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </aside>
      </div>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} — Catalogue — Cabas` : 'Catalogue — Cabas' },
];
