import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { SerializeFrom } from '@remix-run/node';
import { Form, useSearchParams } from '@remix-run/react';
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx';
import { AddOfferSchema, DuplicateRoundSchema, StopSchema } from '#app/domain/rounds/schemas.ts';
import type { Intent } from './actions.server.ts';
import type { action, loader } from './route.tsx';

type Data = SerializeFrom<typeof loader>;
type ActionData = SerializeFrom<typeof action> | undefined;

function resultFor(actionData: ActionData, intent: Intent) {
  return actionData?.intent === intent && actionData.result ? actionData.result : undefined;
}

/** Messages of the per-row forms (remove, move, update), shown above their table. */
function rowErrors(actionData: ActionData, intents: readonly Intent[]): string[] {
  if (!actionData?.intent || !intents.includes(actionData.intent) || !actionData.result) {
    return [];
  }
  const errors = actionData.result.error ?? {};
  return Object.values(errors).flatMap((messages) => messages ?? []);
}

function IntentButton(props: { intent: Intent; label: string; ariaLabel?: string }) {
  return (
    <button type="submit" name="intent" value={props.intent} aria-label={props.ariaLabel}>
      {props.label}
    </button>
  );
}

export function StopsSection({ data, actionData }: { data: Data; actionData: ActionData }) {
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: 'add-stop',
    lastResult: resultFor(actionData, 'add-stop'),
    constraint: getZodConstraint(StopSchema),
    defaultValue: { orderDeadline: data.defaults.orderDeadline },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StopSchema }),
    shouldRevalidate: 'onBlur',
  });
  const errors = rowErrors(actionData, ['remove-stop', 'move-stop', 'update-stop-minimum']);
  return (
    <section className="card" aria-labelledby="stops-title">
      <h3 id="stops-title">Arrêts</h3>
      <FormErrors id="stops-errors" errors={errors} />
      {data.stops.length === 0 ? (
        <p className="muted">Aucun arrêt : ajoutez un groupe ou un acheteur professionnel.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Arrêt</th>
              <th scope="col">Adresse</th>
              <th scope="col">Créneau</th>
              <th scope="col">Commandes jusqu’au</th>
              <th scope="col">Minimum de commande</th>
              {data.round.isEditable ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.stops.map((stop, index) => (
              <tr key={stop.id}>
                <td>{stop.position}</td>
                <td>
                  {stop.name}
                  <br />
                  <span className="muted">{stop.kindLabel}</span>
                </td>
                <td>{stop.address}</td>
                <td>{stop.window ?? '—'}</td>
                <td>{stop.deadline}</td>
                <td>
                  {stop.minimumStatus}
                  {data.round.isEditable ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="stopId" value={stop.id} />
                      <input
                        name="minimumOrder"
                        defaultValue={stop.minimumOrder}
                        inputMode="decimal"
                        size={7}
                        aria-label={`Minimum de commande de ${stop.name}`}
                      />{' '}
                      €{' '}
                      <IntentButton
                        intent="update-stop-minimum"
                        label="Enregistrer"
                        ariaLabel={`Enregistrer le minimum de commande de ${stop.name}`}
                      />
                    </Form>
                  ) : null}
                </td>
                {data.round.isEditable ? (
                  <td>
                    <Form method="post" className="inline">
                      <input type="hidden" name="stopId" value={stop.id} />
                      {index > 0 ? (
                        <>
                          <input type="hidden" name="direction" value="up" />
                          <IntentButton
                            intent="move-stop"
                            label="↑"
                            ariaLabel={`Monter ${stop.name}`}
                          />
                        </>
                      ) : null}
                    </Form>
                    <Form method="post" className="inline">
                      <input type="hidden" name="stopId" value={stop.id} />
                      {index < data.stops.length - 1 ? (
                        <>
                          <input type="hidden" name="direction" value="down" />
                          <IntentButton
                            intent="move-stop"
                            label="↓"
                            ariaLabel={`Descendre ${stop.name}`}
                          />
                        </>
                      ) : null}
                    </Form>
                    <Form method="post" className="inline">
                      <input type="hidden" name="stopId" value={stop.id} />
                      <IntentButton
                        intent="remove-stop"
                        label="Retirer"
                        ariaLabel={`Retirer ${stop.name}`}
                      />
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.round.isEditable ? (
        <>
          <h4>Ajouter un arrêt</h4>
          <Form method="get" className="inline" role="search">
            <label htmlFor="stop-search">Chercher un groupe ou un acheteur</label>{' '}
            <input
              id="stop-search"
              name="q"
              type="search"
              defaultValue={searchParams.get('q') ?? ''}
            />{' '}
            <button type="submit">Chercher</button>
          </Form>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField label="Arrêt" meta={fields.organisationId} options={data.candidates} />
            <Field
              label="Adresse de livraison"
              meta={fields.address}
              hint="Laissez vide pour reprendre l’adresse de l’organisation."
            />
            <Field label="Début du créneau" meta={fields.windowStart} type="time" />
            <Field label="Fin du créneau" meta={fields.windowEnd} type="time" />
            <Field
              label="Date limite de commande"
              meta={fields.orderDeadline}
              type="datetime-local"
              hint="Heure de Paris."
            />
            <Field
              label="Minimum de commande (€)"
              meta={fields.minimumOrder}
              inputMode="decimal"
              hint="Aux prix payés par les clients de l’arrêt (TTC pour un groupe, HT pour un acheteur). Laissez vide : pas de minimum."
            />
            <IntentButton intent="add-stop" label="Ajouter l’arrêt" />
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function OffersSection({ data, actionData }: { data: Data; actionData: ActionData }) {
  const [form, fields] = useForm({
    id: 'add-offer',
    lastResult: resultFor(actionData, 'add-offer'),
    constraint: getZodConstraint(AddOfferSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddOfferSchema }),
    shouldRevalidate: 'onBlur',
  });
  const errors = rowErrors(actionData, ['update-offer', 'remove-offer']);
  const editable = data.round.isEditable;
  return (
    <section className="card" aria-labelledby="offers-title">
      <h3 id="offers-title">Offres de la tournée</h3>
      <p className="muted">
        Le stock est partagé par tous les arrêts de la tournée ; vide : illimité. Les prix de la
        tournée remplacent ceux du catalogue s’ils sont renseignés.
      </p>
      <FormErrors id="offers-errors" errors={errors} />
      {data.offers.length === 0 ? (
        <p className="muted">Aucun produit proposé pour l’instant.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Produit</th>
              <th scope="col">Déjà commandé</th>
              <th scope="col">Stock</th>
              <th scope="col">Prix consommateur TTC</th>
              <th scope="col">Prix pro HT</th>
              {editable ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.offers.map((offer) => (
              <tr key={offer.id}>
                <td>{offer.productName}</td>
                <td>{offer.ordered}</td>
                <td colSpan={editable ? 3 : 1}>
                  {editable ? (
                    <Form method="post" className="inline" id={`offer-${offer.id}`}>
                      <input type="hidden" name="offerId" value={offer.id} />
                      <input
                        name="stock"
                        defaultValue={offer.stock}
                        inputMode="decimal"
                        size={6}
                        aria-label={`Stock de ${offer.productName} (${offer.unit})`}
                      />{' '}
                      {offer.unit}{' '}
                      <input
                        name="consumerPriceOverride"
                        defaultValue={offer.consumerOverride}
                        placeholder={offer.consumerPrice}
                        inputMode="decimal"
                        size={7}
                        aria-label={`Prix consommateur de ${offer.productName} pour la tournée`}
                      />{' '}
                      <input
                        name="proPriceOverride"
                        defaultValue={offer.proOverride}
                        placeholder={offer.proPrice ?? ''}
                        inputMode="decimal"
                        size={7}
                        aria-label={`Prix pro de ${offer.productName} pour la tournée`}
                      />
                    </Form>
                  ) : (
                    `${offer.stock || 'illimité'} ${offer.unit}`
                  )}
                </td>
                {editable ? null : (
                  <>
                    <td>{offer.consumerOverride || offer.consumerPrice}</td>
                    <td>{offer.proOverride || offer.proPrice || '—'}</td>
                  </>
                )}
                {editable ? (
                  <td>
                    <button
                      type="submit"
                      form={`offer-${offer.id}`}
                      name="intent"
                      value="update-offer"
                      aria-label={`Enregistrer ${offer.productName}`}
                    >
                      Enregistrer
                    </button>
                    <Form method="post" className="inline">
                      <input type="hidden" name="offerId" value={offer.id} />
                      <IntentButton
                        intent="remove-offer"
                        label="Retirer"
                        ariaLabel={`Retirer ${offer.productName}`}
                      />
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? (
        <>
          <h4>Proposer un produit</h4>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <SelectField label="Produit" meta={fields.productId} options={data.products} />
            <Field
              label="Stock pour la tournée"
              meta={fields.stock}
              inputMode="decimal"
              hint="Dans l’unité de vente (pièces pour le poids variable). Vide : illimité."
            />
            <Field
              label="Prix consommateur TTC pour la tournée (€)"
              meta={fields.consumerPriceOverride}
              inputMode="decimal"
              hint="Vide : prix du catalogue."
            />
            <Field
              label="Prix pro HT pour la tournée (€)"
              meta={fields.proPriceOverride}
              inputMode="decimal"
              hint="Vide : prix du catalogue."
            />
            <IntentButton intent="add-offer" label="Proposer le produit" />
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function PickingSection({ links }: { links: Data['picking'] }) {
  return (
    <section className="card" aria-labelledby="picking-title">
      <h3 id="picking-title">Listes de préparation</h3>
      <p className="muted">
        À imprimer après la date limite ; avant, elles sont marquées provisoires.
      </p>
      <ul>
        {links.map((link) => (
          <li key={link.pdf}>
            {link.title} :{' '}
            <a href={link.pdf} download>
              PDF
            </a>{' '}
            ·{' '}
            <a href={link.csv} download>
              CSV
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DuplicateSection(props: { defaultDay: string; actionData: ActionData }) {
  const [form, fields] = useForm({
    id: 'duplicate',
    lastResult: resultFor(props.actionData, 'duplicate'),
    constraint: getZodConstraint(DuplicateRoundSchema),
    defaultValue: { deliveryOn: props.defaultDay },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DuplicateRoundSchema }),
    shouldRevalidate: 'onBlur',
  });
  return (
    <section className="card" aria-labelledby="duplicate-title">
      <h3 id="duplicate-title">Dupliquer la tournée</h3>
      <p className="muted">
        Mêmes arrêts, créneaux et offres ; les dates limites sont décalées d’autant de jours.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Nouvelle date de livraison" meta={fields.deliveryOn} type="date" />
        <IntentButton intent="duplicate" label="Dupliquer" />
      </Form>
    </section>
  );
}
