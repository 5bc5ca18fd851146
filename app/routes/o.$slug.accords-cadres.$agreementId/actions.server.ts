import type { ActionFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { notFound, requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { parseScaledDecimal } from '#app/domain/catalogue/french-number.ts';
import { AgreementFormSchema, formToAgreementTerms } from '#app/domain/op/agreement-form.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { listIndicators } from '#app/models/egalim-indicator.server.ts';
import {
  type AgreementFailure,
  counterProposeAgreement,
  getAgreement,
  giveAgreementNotice,
  proposeAgreement,
  saveAgreementDraft,
  signAgreement,
  terminateAgreement,
} from '#app/models/framework-agreement.server.ts';
import { saveAgreementSplit } from '#app/models/framework-agreement-split.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export type AgreementActionData = {
  message: string;
  issues?: string[];
  fieldErrors?: Record<string, string>;
};

const failure = (result: AgreementFailure, status = 400) =>
  json<AgreementActionData>(
    { message: result.message, issues: result.issues?.map((issue) => issue.message) },
    { status },
  );

/** One action per intent; every mutation is one model call in a transaction. */
export async function handleAgreementAction({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOpOrBuyer(request, params.slug);
  const detail = await getAgreement({
    organisationId: organisation.id,
    agreementId: params.agreementId,
  });
  if (!detail) {
    notFound('Accord-cadre introuvable.');
  }
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const base = {
    organisationId: organisation.id,
    agreementId: detail.agreement.id,
    actorId: user.id,
  };
  const url = `/o/${organisation.slug}/accords-cadres/${detail.agreement.id}`;
  const done = (message: string) => redirectWithToast(url, { kind: 'success', message });
  const readTerms = async () => {
    const values = AgreementFormSchema.safeParse(Object.fromEntries(form));
    if (!values.success) {
      return { ok: false as const, fieldErrors: {} };
    }
    return formToAgreementTerms(
      values.data,
      await listIndicators({ ownerId: detail.agreement.opId }),
    );
  };
  const invalid = (fieldErrors: Record<string, string>) =>
    json<AgreementActionData>(
      { message: 'Corrigez les champs signalés.', fieldErrors },
      { status: 400 },
    );

  switch (intent) {
    case 'save-draft':
    case 'propose':
    case 'counter': {
      const terms = await readTerms();
      if (!terms.ok) {
        return invalid(terms.fieldErrors);
      }
      if (intent === 'save-draft') {
        const saved = await saveAgreementDraft({ ...base, terms: terms.terms });
        return saved.ok ? done(t('toast.agreementSaved')) : failure(saved);
      }
      if (intent === 'propose') {
        const proposed = await proposeAgreement({ ...base, terms: terms.terms });
        return proposed.ok
          ? done(t('toast.agreementProposed', { version: proposed.version }))
          : failure(proposed);
      }
      const countered = await counterProposeAgreement({
        ...base,
        terms: terms.terms,
        reason: String(form.get('reason') ?? ''),
      });
      return countered.ok
        ? done(t('toast.agreementCountered', { version: countered.version }))
        : failure(countered);
    }
    case 'sign': {
      const signed = await signAgreement({ ...base, now: new Date() });
      if (!signed.ok) {
        return failure(signed, 409);
      }
      return done(t(signed.signedByBoth ? 'toast.agreementActive' : 'toast.agreementSigned'));
    }
    case 'notice': {
      const notice = await giveAgreementNotice({ ...base, givenOn: parisDayOf(new Date()) });
      return notice.ok
        ? done(t('toast.agreementNotice', { day: formatDay(notice.endOn) }))
        : failure(notice, 409);
    }
    case 'terminate': {
      const raw = String(form.get('caseIndex') ?? '');
      const caseIndex = /^\d{1,2}$/.test(raw) ? Number(raw) : -1;
      const terminated = await terminateAgreement({
        ...base,
        givenOn: parisDayOf(new Date()),
        caseIndex,
        reason: String(form.get('reason') ?? ''),
      });
      return terminated.ok
        ? done(t('toast.agreementTerminated', { day: formatDay(terminated.endOn) }))
        : failure(terminated, 409);
    }
    case 'save-split': {
      if (detail.side !== 'op') {
        throw new Response('Seule l’OP répartit les volumes entre ses membres.', { status: 403 });
      }
      const shares: { memberId: string; quantityMilli: number }[] = [];
      const problems: string[] = [];
      for (const [key, value] of form) {
        if (!key.startsWith('share.')) {
          continue;
        }
        const parsed = parseScaledDecimal(String(value), {
          decimals: 3,
          tooPreciseMessage: 'number.milliPrecision',
          max: Number.MAX_SAFE_INTEGER,
        });
        if (parsed.ok) {
          shares.push({ memberId: key.slice('share.'.length), quantityMilli: parsed.value });
        } else {
          problems.push(`Quantité illisible : « ${String(value)} ».`);
        }
      }
      if (problems.length > 0) {
        return json<AgreementActionData>({ message: problems.join(' ') }, { status: 400 });
      }
      const saved = await saveAgreementSplit({
        opId: organisation.id,
        agreementId: detail.agreement.id,
        shares,
        on: parisDayOf(new Date()),
        actorId: user.id,
      });
      if (!saved.ok) {
        return json<AgreementActionData>(
          { message: saved.message, issues: saved.issues.map((issue) => issue.message) },
          { status: 400 },
        );
      }
      return done(t('toast.splitSaved'));
    }
    default:
      return json<AgreementActionData>({ message: 'Action inconnue.' }, { status: 400 });
  }
}
