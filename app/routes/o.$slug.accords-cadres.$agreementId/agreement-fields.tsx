import type { AgreementFormValues, AgreementOwnField } from '#app/domain/op/agreement-form.ts';
import { VOLUME_UNIT_LABELS, VOLUME_UNITS } from '#app/domain/op/members.ts';

type Props = { values: AgreementFormValues; errors?: Record<string, string> };

function Text({
  name,
  label,
  wide,
  values,
  errors,
}: Props & { name: AgreementOwnField; label: string; wide?: boolean }) {
  const error = errors?.[name];
  const common = {
    id: `agreement-${name}`,
    name,
    defaultValue: values[name] ?? '',
    'aria-invalid': error ? true : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={common.id}>{label}</label>
      {wide ? <textarea {...common} rows={2} /> : <input {...common} />}
      {error ? <p className="field-errors">{error}</p> : null}
    </div>
  );
}

/** The accord-cadre's own clauses (L631-24 IV, EG-22), below the contract clauses. */
export function AgreementFields({ values, errors }: Props) {
  const common = { values, errors };
  return (
    <>
      <fieldset>
        <legend>Livraisons</legend>
        <div className="field">
          <label htmlFor="agreement-deliveryUnit">Unité de livraison et de facturation</label>
          <select
            id="agreement-deliveryUnit"
            name="deliveryUnit"
            defaultValue={values.deliveryUnit ?? ''}
          >
            <option value="">—</option>
            {VOLUME_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {VOLUME_UNIT_LABELS[unit]}
              </option>
            ))}
          </select>
          {errors?.deliveryUnit ? <p className="field-errors">{errors.deliveryUnit}</p> : null}
        </div>
        <Text
          name="priceBaseQuantity"
          label="Le prix s’entend pour (ex. 1 000 litres)"
          {...common}
        />
        <Text
          name="producerStartedYearsAgo"
          label="Ancienneté de production des membres (années ; lait : 5 ans minimum au-delà de 5 ans)"
          {...common}
        />
      </fieldset>
      <fieldset>
        <legend>Accord-cadre (art. L631-24 IV)</legend>
        <Text
          name="splitRules"
          label="2° Répartition des quantités entre les membres"
          wide
          {...common}
        />
        <Text name="transferRules" label="2° Cession des contrats entre membres" wide {...common} />
        <Text name="tolerancePercent" label="3° Tolérance d’écart de volume (%)" {...common} />
        <Text name="gapRules" label="3° Gestion des écarts contractés / livrés" wide {...common} />
        <Text
          name="negotiationRules"
          label="4° Relations entre l’acheteur et l’OP"
          wide
          {...common}
        />
        <Text
          name="transparency"
          label="5° Transparence, prise en compte des indicateurs"
          wide
          {...common}
        />
        <Text
          name="monthlyTransmission"
          label="Transmission mensuelle des éléments de facturation (dernier al.)"
          wide
          {...common}
        />
      </fieldset>
    </>
  );
}
