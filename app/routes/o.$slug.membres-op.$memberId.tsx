import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { notFound, requireOpManager } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
} from '#app/domain/catalogue/egalim-categories.ts';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import {
  CERTIFICATION_LABELS,
  EXTRA_ROWS,
  parseFarmDataForm,
} from '#app/domain/op/farm-data-form.ts';
import {
  HERD_SPECIES,
  HERD_SPECIES_LABELS,
  VOLUME_UNIT_LABELS,
  VOLUME_UNITS,
} from '#app/domain/op/members.ts';
import { t } from '#app/i18n/fr.ts';
import { getOpMember, saveFarmData, updateOpMember } from '#app/models/op-member.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const MemberSchema = z.object({
  memberNumber: z.string().trim(),
  joinedOn: z.string().trim(),
  leftOn: z.string().trim().default(''),
  transferOfOwnership: z.literal('on').optional(),
  notes: z.string().max(2000, 'Notes : 2 000 caractères au plus.').default(''),
});

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireOpManager(request, params.slug);
  const member = await getOpMember({ opId: access.organisation.id, memberId: params.memberId });
  if (!member) {
    notFound('Membre introuvable.');
  }
  return { ...access, member };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, member } = await load(request, params);
  const blank = Array.from({ length: EXTRA_ROWS }, () => null);
  return json({
    base: `/o/${organisation.slug}/membres-op`,
    member: {
      ...member,
      certifications: [...member.certifications, ...blank],
      volumes: [
        ...member.volumes.map((v) => ({ ...v, quantity: formatQuantityMilli(v.quantityMilli) })),
        ...blank,
      ],
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, member } = await load(request, params);
  const values = Object.fromEntries(
    [...(await request.formData())].map(([key, value]) => [key, String(value)]),
  );
  const url = `/o/${organisation.slug}/membres-op/${member.id}`;
  if (values.intent === 'save-member') {
    const parsed = MemberSchema.safeParse(values);
    if (!parsed.success) {
      return json({ errors: parsed.error.issues.map((i) => i.message) }, { status: 400 });
    }
    const saved = await updateOpMember({
      opId: organisation.id,
      memberId: member.id,
      actorId: user.id,
      fields: {
        ...parsed.data,
        leftOn: parsed.data.leftOn === '' ? null : parsed.data.leftOn,
        transferOfOwnership: parsed.data.transferOfOwnership === 'on',
      },
    });
    if (!saved.ok) {
      return json({ errors: [saved.message, ...(saved.issues ?? [])] }, { status: 400 });
    }
    return redirectWithToast(url, { kind: 'success', message: t('toast.memberSaved') });
  }
  if (values.intent === 'save-farm') {
    const parsed = parseFarmDataForm(values, parisDayOf(new Date()));
    if (!parsed.ok) {
      return json({ errors: parsed.errors }, { status: 400 });
    }
    const saved = await saveFarmData({
      opId: organisation.id,
      memberId: member.id,
      data: parsed.data,
      actorId: user.id,
    });
    if (!saved.ok) {
      return json({ errors: [saved.message] }, { status: 400 });
    }
    return redirectWithToast(url, { kind: 'success', message: t('toast.farmDataSaved') });
  }
  return json({ errors: ['Action inconnue.'] }, { status: 400 });
}

export default function OpMemberDetail() {
  const { base, member } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const herdOf = (species: string) => member.herds.find((h) => h.species === species);
  return (
    <div>
      <p>
        <Link to={base}>← Registre des membres</Link>
      </p>
      <h2>
        {member.memberNumber} — {member.producerName}
      </h2>
      <FormErrors id="member-errors" errors={result?.errors} />
      <section className="card">
        <h3>Adhésion</h3>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="save-member" />
          <div className="field">
            <label htmlFor="memberNumber">N° d’adhérent</label>
            <input
              id="memberNumber"
              name="memberNumber"
              defaultValue={member.memberNumber}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="joinedOn">Date d’adhésion</label>
            <input
              id="joinedOn"
              name="joinedOn"
              type="date"
              defaultValue={member.joinedOn}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="leftOn">Dernier jour d’adhésion (départ)</label>
            <input id="leftOn" name="leftOn" type="date" defaultValue={member.leftOn ?? ''} />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              name="transferOfOwnership"
              defaultChecked={member.transferOfOwnership}
            />{' '}
            Vend par l’OP avec transfert de propriété (statuts, art. L631-24-3 II CRPM)
          </label>
          <div className="field">
            <label htmlFor="notes">Notes</label>
            <textarea id="notes" name="notes" rows={2} defaultValue={member.notes} />
          </div>
          <button type="submit">Enregistrer l’adhésion</button>
        </Form>
      </section>
      <section className="card">
        <h3>Exploitation</h3>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="save-farm" />
          <fieldset>
            <legend>Cheptel</legend>
            {HERD_SPECIES.map((species) => (
              <div key={species} className="row">
                <label htmlFor={`herd-${species}`}>{HERD_SPECIES_LABELS[species]}</label>
                <input
                  id={`herd-${species}`}
                  name={`herd.${species}.count`}
                  inputMode="numeric"
                  defaultValue={herdOf(species)?.headCount ?? ''}
                  aria-label={`${HERD_SPECIES_LABELS[species]} : nombre de têtes`}
                />
                <input
                  name={`herd.${species}.breed`}
                  defaultValue={herdOf(species)?.breed ?? ''}
                  aria-label={`${HERD_SPECIES_LABELS[species]} : race`}
                  placeholder="Race"
                />
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Certifications</legend>
            {member.certifications.map((c, index) => (
              <div key={c?.id ?? `new-${index}`} className="row">
                <select
                  name={`cert.${index}.label`}
                  defaultValue={c?.label ?? ''}
                  aria-label={`Certification ${index + 1} : signe`}
                >
                  <option value="">—</option>
                  {CERTIFICATION_LABELS.map((label) => (
                    <option key={label}>{label}</option>
                  ))}
                </select>
                <input
                  name={`cert.${index}.title`}
                  defaultValue={c?.title ?? ''}
                  aria-label={`Certification ${index + 1} : intitulé`}
                  placeholder="Intitulé"
                />
                <input
                  name={`cert.${index}.certifier`}
                  defaultValue={c?.certifier ?? ''}
                  aria-label={`Certification ${index + 1} : organisme`}
                  placeholder="Organisme"
                />
                <input
                  type="date"
                  name={`cert.${index}.from`}
                  defaultValue={c?.validFrom ?? ''}
                  aria-label={`Certification ${index + 1} : valable du`}
                />
                <input
                  type="date"
                  name={`cert.${index}.until`}
                  defaultValue={c?.validUntil ?? ''}
                  aria-label={`Certification ${index + 1} : valable jusqu’au`}
                />
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Volumes annuels (référence de la répartition des accords-cadres)</legend>
            {member.volumes.map((v, index) => (
              <div key={v ? `${v.year}-${v.egalimCategory}` : `new-${index}`} className="row">
                <input
                  name={`vol.${index}.year`}
                  inputMode="numeric"
                  defaultValue={v?.year ?? ''}
                  aria-label={`Volume ${index + 1} : année`}
                  placeholder="Année"
                />
                <select
                  name={`vol.${index}.category`}
                  defaultValue={v?.egalimCategory ?? 'milk_cow'}
                  aria-label={`Volume ${index + 1} : produit`}
                >
                  {EGALIM_CATEGORIES.map((code) => (
                    <option key={code} value={code}>
                      {EGALIM_CATEGORY_LABELS[code]}
                    </option>
                  ))}
                </select>
                <input
                  name={`vol.${index}.quantity`}
                  inputMode="decimal"
                  defaultValue={v?.quantity ?? ''}
                  aria-label={`Volume ${index + 1} : quantité`}
                  placeholder="Quantité"
                />
                <select
                  name={`vol.${index}.unit`}
                  defaultValue={v?.unit ?? 'LTR'}
                  aria-label={`Volume ${index + 1} : unité`}
                >
                  {VOLUME_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {VOLUME_UNIT_LABELS[unit]}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
          <button type="submit">Enregistrer l’exploitation</button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.member.producerName} — membre de l’OP — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
