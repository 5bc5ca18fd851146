import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { TermsField, TermsFormValues } from '#app/domain/egalim/contract-form.ts';
import { EUROP_THIRDS } from '#app/domain/pricing/europ.ts';

type Indicator = { code: string; label: string; kind: string; unit: string };

type Props = {
  values: TermsFormValues;
  errors?: Record<string, string>;
  indicators: Indicator[];
  /** Submit buttons (intent + label), the first is the default. */
  actions: { intent: string; label: string }[];
  children?: ReactNode;
};

function Input({
  name,
  label,
  values,
  errors,
  type = 'text',
  hint,
  wide,
}: {
  name: TermsField;
  label: string;
  values: TermsFormValues;
  errors?: Record<string, string>;
  type?: 'text' | 'date';
  hint?: string;
  wide?: boolean;
}) {
  const error = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={`terms-${name}`}>{label}</label>
      {wide ? (
        <textarea
          id={`terms-${name}`}
          name={name}
          defaultValue={values[name] ?? ''}
          rows={2}
          aria-invalid={error ? true : undefined}
        />
      ) : (
        <input
          id={`terms-${name}`}
          name={name}
          type={type}
          defaultValue={values[name] ?? ''}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `terms-${name}-error` : undefined}
        />
      )}
      {hint ? <p className="hint">{hint}</p> : null}
      {error ? (
        <p id={`terms-${name}-error`} className="field-errors">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function IndicatorSelect({
  name,
  label,
  values,
  indicators,
  errors,
}: {
  name: TermsField;
  label: string;
  values: TermsFormValues;
  indicators: Indicator[];
  errors?: Record<string, string>;
}) {
  return (
    <div className="field">
      <label htmlFor={`terms-${name}`}>{label}</label>
      <select id={`terms-${name}`} name={name} defaultValue={values[name] ?? ''}>
        <option value="">—</option>
        {indicators.map((indicator) => (
          <option key={indicator.code} value={indicator.code}>
            {indicator.label} ({indicator.code}, {indicator.unit})
          </option>
        ))}
      </select>
      {errors?.[name] ? <p className="field-errors">{errors[name]}</p> : null}
    </div>
  );
}

/** The contract's clauses (L631-24 III 1° to 7°, VI) as one form. */
export function TermsForm({ values, errors, indicators, actions, children }: Props) {
  const common = { values, errors };
  const costIndicators = indicators.filter((i) => i.kind === 'production_cost');
  const marketIndicators = indicators.filter((i) => i.kind !== 'production_cost');
  return (
    <Form method="post" className="stack contract-terms">
      <fieldset>
        <legend>Prix et révision automatique (1°)</legend>
        <IndicatorSelect
          name="costIndicator"
          label="Indicateur de coût de production"
          indicators={costIndicators}
          {...common}
        />
        <Input name="costWeight" label="Pondération du coût (ex. 0,70)" {...common} />
        <IndicatorSelect
          name="marketIndicator"
          label="Indicateur de prix de marché"
          indicators={marketIndicators}
          {...common}
        />
        <Input name="marketWeight" label="Pondération du marché (ex. 0,30)" {...common} />
        <div className="field">
          <label htmlFor="terms-conformationReference">Classe de référence (EUROP)</label>
          <select
            id="terms-conformationReference"
            name="conformationReference"
            defaultValue={values.conformationReference ?? ''}
          >
            <option value="">—</option>
            {EUROP_THIRDS.map((third) => (
              <option key={third}>{third}</option>
            ))}
          </select>
        </div>
        <Input name="perThird" label="Ajustement par tiers de classe (€)" {...common} />
        <div className="field">
          <label htmlFor="terms-pricingConformation">Classe retenue pour les livraisons</label>
          <select
            id="terms-pricingConformation"
            name="pricingConformation"
            defaultValue={values.pricingConformation ?? ''}
          >
            <option value="">—</option>
            {EUROP_THIRDS.map((third) => (
              <option key={third}>{third}</option>
            ))}
          </select>
        </div>
        <Input name="premiumLabel" label="Prime (libellé, ex. Label Rouge)" {...common} />
        <Input name="premiumAmount" label="Prime (montant, €)" {...common} />
        <Input name="tunnelMin" label="Tunnel de prix : plancher (facultatif)" {...common} />
        <Input name="tunnelMax" label="Tunnel de prix : plafond (facultatif)" {...common} />
        <Input name="priceUnit" label="Unité du prix (ex. HT / kg de carcasse)" {...common} />
      </fieldset>
      <fieldset>
        <legend>Quantité, origine, qualité (2°)</legend>
        <Input name="quantityTotal" label="Quantité totale" {...common} />
        <Input name="quantityUnit" label="Unité de la quantité" {...common} />
        <Input name="origin" label="Origine" {...common} />
        <Input name="quality" label="Qualité" {...common} />
      </fieldset>
      <fieldset>
        <legend>Livraison et paiement (3°, 4°)</legend>
        <Input
          name="deliveryTerms"
          label="Modalités de collecte ou de livraison"
          wide
          {...common}
        />
        <Input name="paymentTerms" label="Modalités de paiement" {...common} />
        <Input name="paymentDelayDays" label="Délai de paiement (jours)" {...common} />
      </fieldset>
      <fieldset>
        <legend>Durée, force majeure, renouvellement (5°, 6°, VI)</legend>
        <Input name="startOn" label="Date de prise d’effet" type="date" {...common} />
        <Input name="durationYears" label="Durée (années)" {...common} />
        <Input name="forceMajeure" label="Force majeure" wide {...common} />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="tacitRenewal"
              defaultChecked={values.tacitRenewal === 'on'}
            />{' '}
            Reconduction tacite pour une durée équivalente
          </label>
        </div>
        <Input
          name="buyerNoticeMonths"
          label="Préavis de non-reconduction de l’acheteur (mois, 3 au moins)"
          {...common}
        />
        <Input
          name="producerNoticeMonths"
          label="Préavis de non-reconduction du producteur (mois)"
          {...common}
        />
      </fieldset>
      <fieldset>
        <legend>Résiliation (7°)</legend>
        <Input name="t1Case" label="Cas de résiliation 1" {...common} />
        <Input name="t1Notice" label="Préavis (mois)" {...common} />
        <Input name="t1Indemnity" label="Indemnité (ou « aucune »)" {...common} />
        <Input name="t2Case" label="Cas de résiliation 2" {...common} />
        <Input name="t2Notice" label="Préavis (mois)" {...common} />
        <Input name="t2Indemnity" label="Indemnité (ou « aucune »)" {...common} />
      </fieldset>
      {children}
      <div className="actions">
        {actions.map((action) => (
          <button key={action.intent} type="submit" name="intent" value={action.intent}>
            {action.label}
          </button>
        ))}
      </div>
    </Form>
  );
}
