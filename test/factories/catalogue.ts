import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { makeProductDraft } from '#app/domain/catalogue/make-product-draft.ts';
import type { ProductDraft } from '#app/domain/catalogue/schemas.ts';
import type { ProducerVatRegime } from '#app/domain/catalogue/vat-regime.ts';
import { type Producer, saveProducts } from '#app/models/catalogue.server.ts';
import type { User } from '#app/models/user.server.ts';
import { makeOrganisation, uniqueSuffix } from './index.ts';

/** A producer organisation with its VAT regime (liable by default) and its owner. */
export async function makeProducer(
  options: { vatRegime?: ProducerVatRegime; name?: string; owner?: User } = {},
): Promise<{ producer: Producer; owner: User }> {
  const { organisation, owner } = await makeOrganisation({
    kind: 'producer',
    name: options.name,
    owner: options.owner,
  });
  const vatRegime = options.vatRegime === undefined ? 'liable' : options.vatRegime;
  await getDb()
    .update(organisations)
    .set({ vatRegime })
    .where(eq(organisations.id, organisation.id));
  return {
    producer: { id: organisation.id, slug: organisation.slug, name: organisation.name, vatRegime },
    owner,
  };
}

/** Products for `producer` (a dozen eggs by default, unique references). Returns their ids. */
export async function makeProducts(
  producer: Producer,
  overrides: Partial<ProductDraft>[],
): Promise<string[]> {
  const result = await saveProducts({
    producer,
    actorId: null,
    action: 'catalogue.imported',
    changes: overrides.map((override, index) => ({
      productId: null,
      line: index + 2,
      draft: makeProductDraft({
        sku: `P-${uniqueSuffix()}`,
        vatRateBp: producer.vatRegime === 'liable' ? 550 : null,
        ...override,
      }),
    })),
  });
  if (!result.ok) {
    throw new Error(`makeProducts: ${JSON.stringify(result.errors)}`);
  }
  return result.productIds;
}
