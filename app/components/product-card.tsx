import { Link } from '@remix-run/react';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import {
  QUALITY_LABEL_DEFINITIONS,
  type QualityLabel,
} from '#app/domain/catalogue/quality-labels.ts';
import { lineAmountCents } from '#app/domain/catalogue/quantity.ts';
import { SALE_UNIT_DEFINITIONS, type SaleUnit } from '#app/domain/catalogue/sale-units.ts';
import { saleUnitLabel } from '#app/domain/rounds/quantity-label.ts';
import { formatCents } from '#app/i18n/format.ts';

export type ProductCardData = {
  id: string;
  name: string;
  description: string;
  saleUnit: SaleUnit;
  egalimCategory: EgalimCategory;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  stepMilli: number;
  maxPerHouseholdMilli: number | null;
  packMilli: number | null;
  consumerPriceGrossCents: number;
  labels: QualityLabel[];
  photoUrl: string | null;
  producer?: { slug: string; name: string };
};

/** What a household needs to choose: price TTC per unit, piece estimate, step, labels. */
export function ProductCard({ product }: { product: ProductCardData }) {
  const unit = SALE_UNIT_DEFINITIONS[product.saleUnit].label;
  const estimate =
    product.isVariableWeight && product.estimatedWeightGrams !== null
      ? lineAmountCents({
          unitPriceCents: product.consumerPriceGrossCents,
          quantityMilli: 1000,
          estimatedWeightGrams: product.estimatedWeightGrams,
        }).amountCents
      : null;
  return (
    <article className="product-card">
      {product.photoUrl ? (
        <img src={product.photoUrl} alt="" loading="lazy" width={96} height={96} />
      ) : null}
      <div>
        <h3>{product.name}</h3>
        {product.producer ? (
          <p className="producer">
            <Link to={`/producteurs/${product.producer.slug}`}>{product.producer.name}</Link>
          </p>
        ) : null}
        <p className="price">
          <strong>{formatCents(product.consumerPriceGrossCents)}</strong> TTC / {unit}
        </p>
        {estimate !== null ? (
          <p className="muted">
            Vendu à la pièce (≈ {product.estimatedWeightGrams} g, soit ≈ {formatCents(estimate)}),
            facturé au poids réel
          </p>
        ) : product.stepMilli !== 1000 ? (
          <p className="muted">
            Par {formatQuantityMilli(product.stepMilli)} {unit}
          </p>
        ) : null}
        {product.packMilli !== null ? <p className="muted">{packLabel(product)}</p> : null}
        {product.labels.length > 0 ? (
          <ul className="labels" aria-label="Labels">
            {product.labels.map((label) => (
              <li key={label}>{QUALITY_LABEL_DEFINITIONS[label].label}</li>
            ))}
          </ul>
        ) : null}
        {product.description ? <p className="description">{product.description}</p> : null}
      </div>
    </article>
  );
}

/** « Par colis de 5 kg », « de 6 bouteilles », or of pieces for a variable-weight product. */
function packLabel(product: ProductCardData): string {
  const unit = product.isVariableWeight ? 'piece' : product.saleUnit;
  const packMilli = product.packMilli ?? 0;
  return `Par colis de ${formatQuantityMilli(packMilli)} ${saleUnitLabel(unit, packMilli)}`;
}
