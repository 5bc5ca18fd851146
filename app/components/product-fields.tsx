import {
  type FieldMetadata,
  getCollectionProps,
  getInputProps,
  getTextareaProps,
} from '@conform-to/react';
import { Field, SelectField } from '#app/components/forms.tsx';
import { EGALIM_CATEGORY_LABELS } from '#app/domain/catalogue/egalim-categories.ts';
import { QUALITY_LABEL_DEFINITIONS } from '#app/domain/catalogue/quality-labels.ts';
import { SALE_UNIT_DEFINITIONS } from '#app/domain/catalogue/sale-units.ts';

type Meta = FieldMetadata<string | number | null | undefined>;
type SelectMeta = FieldMetadata<string | null | undefined>;
type FieldsOf = Record<string, FieldMetadata<unknown>>;

const VAT_OPTIONS = [
  { value: '550', label: '5,5 %' },
  { value: '1000', label: '10 %' },
  { value: '2000', label: '20 %' },
  { value: 'aucune', label: 'Aucune (remboursement forfaitaire)' },
];

function FieldErrors({ meta }: { meta: FieldMetadata<unknown> }) {
  if (!meta.errors?.length) {
    return null;
  }
  return (
    <ul id={meta.errorId} className="field-errors" aria-live="polite">
      {meta.errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

function Checkbox({ label, meta, hint }: { label: string; meta: Meta; hint?: string }) {
  const props = getInputProps(meta, { type: 'checkbox' });
  return (
    <div className="field checkbox">
      <label>
        <input {...props} key={props.key} /> {label}
      </label>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldErrors meta={meta} />
    </div>
  );
}

/** Every field of a product, grouped as a producer thinks of them. */
export function ProductFields({ fields }: { fields: FieldsOf }) {
  const f = fields as Record<string, Meta>;
  const labels = fields.labels as FieldMetadata<string[]>;
  const description = getTextareaProps(f.description!);
  return (
    <>
      <fieldset>
        <legend>Produit</legend>
        <Field
          label="Référence"
          meta={f.sku!}
          hint="Votre code : c’est lui qui relie les imports."
        />
        <Field label="Nom" meta={f.name!} />
        <div className="field">
          <label htmlFor={f.description!.id}>Description</label>
          <textarea {...description} key={description.key} rows={3} />
          <FieldErrors meta={f.description!} />
        </div>
        <Field label="Rayon" meta={f.shelf!} hint="Libre : Légumes, Fromages, Viande…" />
        <SelectField
          label="Catégorie Egalim"
          meta={f.egalimCategory as SelectMeta}
          options={Object.entries(EGALIM_CATEGORY_LABELS).map(([value, label]) => ({
            value,
            label,
          }))}
        />
      </fieldset>
      <fieldset>
        <legend>Vente</legend>
        <SelectField
          label="Unité de vente"
          meta={f.saleUnit as SelectMeta}
          options={Object.entries(SALE_UNIT_DEFINITIONS).map(([value, unit]) => ({
            value,
            label: unit.label,
          }))}
        />
        <Checkbox
          label="Poids variable (prix au kg, commandé à la pièce, facturé au poids réel)"
          meta={f.isVariableWeight!}
        />
        <Field label="Poids estimé d’une pièce (g)" meta={f.estimatedWeightGrams!} />
        <Field
          label="Pas de commande"
          meta={f.stepMilli!}
          hint="Exemple : 0,5 (kg) ou 1 (pièce)."
        />
        <Field
          label="Maximum par foyer"
          meta={f.maxPerHouseholdMilli!}
          hint="Vide : sans maximum."
        />
        <Field
          label="Vendu par colis de"
          meta={f.packMilli!}
          hint="Laisser vide si vendu au détail ; les foyers d’un groupe remplissent les colis ensemble. Un multiple du pas (en pièces pour un produit à poids variable)."
        />
      </fieldset>
      <fieldset>
        <legend>Prix et TVA</legend>
        <SelectField label="TVA" meta={f.vatRateBp as SelectMeta} options={VAT_OPTIONS} />
        <Field label="Prix consommateur TTC (€)" meta={f.consumerPriceGrossCents!} />
        <Field
          label="Prix professionnel HT (€)"
          meta={f.proPriceNetCents!}
          hint="Vide : pas vendu aux professionnels."
        />
      </fieldset>
      <fieldset>
        <legend>Labels</legend>
        <div className="checkbox-list">
          {getCollectionProps(labels, {
            type: 'checkbox',
            options: Object.keys(QUALITY_LABEL_DEFINITIONS),
          }).map((props) => (
            <label key={props.key}>
              <input {...props} key={props.key} />{' '}
              {
                QUALITY_LABEL_DEFINITIONS[props.value as keyof typeof QUALITY_LABEL_DEFINITIONS]
                  .label
              }
            </label>
          ))}
        </div>
        <FieldErrors meta={labels} />
        <Checkbox label="Sous signe officiel de qualité (SIQO)" meta={f.isSiqo!} />
        <Checkbox label="Actif (visible dans le catalogue)" meta={f.isActive!} />
      </fieldset>
    </>
  );
}
