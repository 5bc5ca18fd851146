import { randomBytes } from 'node:crypto';
import {
  type ActionFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { checkPhoto, MAX_PHOTO_BYTES, productPhotoKey } from '#app/domain/catalogue/photo.ts';
import { t } from '#app/i18n/fr.ts';
import { getPhotoStorage } from '#app/integrations/photo-storage.server.ts';
import { getProducerProduct, setProductPhoto } from '#app/models/catalogue.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

/** Upload (or remove) a product's photo; answers with a redirect and a toast either way. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { producer } = await requireCatalogueManager(request, params.slug);
  const product = await getProducerProduct({
    producerId: producer.id,
    productId: params.productId ?? '',
  });
  if (!product) {
    throw new Response('Produit introuvable', { status: 404 });
  }
  const back = `/o/${producer.slug}/catalogue/${product.id}`;
  const refuse = (message: string) => redirectWithToast(back, { kind: 'error', message });

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_PHOTO_BYTES + 1 }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return refuse('La photo dépasse 5 Mo : réduisez-la avant de l’envoyer.');
    }
    return refuse('Envoi illisible : choisissez la photo à nouveau.');
  }
  const storage = await getPhotoStorage();
  if (form.get('intent') === 'remove') {
    const previous = await setProductPhoto({
      producerId: producer.id,
      productId: product.id,
      photoPath: null,
    });
    if (previous) {
      await storage.remove(previous);
    }
    return redirectWithToast(back, { kind: 'success', message: t('toast.photoRemoved') });
  }
  const file = form.get('photo');
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
  const checked = checkPhoto(bytes);
  if (!checked.ok) {
    return refuse(checked.message);
  }
  const key = productPhotoKey({
    productId: product.id,
    unique: randomBytes(8).toString('hex'),
    type: checked.type,
  });
  await storage.save(key, bytes, checked.type);
  const previous = await setProductPhoto({
    producerId: producer.id,
    productId: product.id,
    photoPath: key,
  });
  if (previous) {
    await storage.remove(previous);
  }
  return redirectWithToast(back, { kind: 'success', message: t('toast.photoSaved') });
}
