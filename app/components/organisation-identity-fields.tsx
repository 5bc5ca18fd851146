import type { FieldMetadata } from '@conform-to/react';
import { VAT_REGIME_LABELS } from '#app/domain/organisations/schemas.ts';
import { Field, SelectField } from './forms.tsx';

type Meta = FieldMetadata<string | undefined | null>;
type Fields = Record<
  | 'name'
  | 'legalName'
  | 'siret'
  | 'vatNumber'
  | 'vatRegime'
  | 'addressLine1'
  | 'addressLine2'
  | 'postalCode'
  | 'city'
  | 'email'
  | 'phone',
  Meta
>;

/** The legal-identity inputs shared by creation and edition of an organisation. */
export function OrganisationIdentityFields({ fields }: { fields: Fields }) {
  return (
    <>
      <Field label="Nom affiché" meta={fields.name} autoComplete="organization" />
      <Field label="Raison sociale (si différente)" meta={fields.legalName} />
      <Field
        label="SIRET"
        meta={fields.siret}
        hint="14 chiffres ; le SIREN (9 premiers chiffres) figurera sur vos factures."
      />
      <Field
        label="Numéro de TVA intracommunautaire"
        meta={fields.vatNumber}
        hint="Par exemple FR 40 303 265 045."
      />
      <SelectField
        label="Régime de TVA"
        meta={fields.vatRegime}
        options={Object.entries(VAT_REGIME_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <Field label="Adresse" meta={fields.addressLine1} autoComplete="address-line1" />
      <Field label="Complément d’adresse" meta={fields.addressLine2} autoComplete="address-line2" />
      <Field label="Code postal" meta={fields.postalCode} autoComplete="postal-code" />
      <Field label="Commune" meta={fields.city} autoComplete="address-level2" />
      <Field label="E-mail de contact" meta={fields.email} type="email" autoComplete="email" />
      <Field label="Téléphone" meta={fields.phone} type="tel" autoComplete="tel" />
    </>
  );
}
