import type { ActionFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { requireContractParty } from '#app/auth/require-egalim.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { formToTerms, TermsFormSchema } from '#app/domain/egalim/contract-form.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  type ContractFailure,
  counterPropose,
  getContract,
  giveNotice,
  saveDraftTerms,
  sendProposal,
  signContract,
  terminateContract,
} from '#app/models/egalim-contract.server.ts';
import { listIndicators } from '#app/models/egalim-indicator.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export const INTENTS = ['save-draft', 'propose', 'counter', 'sign', 'notice', 'terminate'] as const;
type Intent = (typeof INTENTS)[number];

export type ContractActionData = {
  intent: Intent | null;
  message: string;
  issues?: string[];
  fieldErrors?: Record<string, string>;
};

const failure = (intent: Intent | null, result: ContractFailure, status = 400) =>
  json<ContractActionData>(
    { intent, message: result.message, issues: result.issues?.map((issue) => issue.message) },
    { status },
  );

/** One action per intent (STYLE §6.3); every mutation is one model call in a transaction. */
export async function handleContractAction({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireContractParty(request, params.slug);
  const detail = await getContract({
    organisationId: organisation.id,
    contractId: params.contractId,
  });
  if (!detail) {
    throw new Response(t('egalim.contract.notFound'), { status: 404 });
  }
  const form = await request.formData();
  const rawIntent = form.get('intent');
  const intent = INTENTS.find((candidate) => candidate === rawIntent) ?? null;
  const base = {
    organisationId: organisation.id,
    contractId: detail.contract.id,
    actorId: user.id,
  };
  const url = `/o/${organisation.slug}/contrats/${detail.contract.id}`;
  const done = (message: string) => redirectWithToast(url, { kind: 'success', message });
  const readTerms = async () => {
    const values = TermsFormSchema.safeParse(Object.fromEntries(form));
    if (!values.success) {
      return { ok: false as const, fieldErrors: {} };
    }
    const indicators = await listIndicators({ ownerId: detail.contract.producerId });
    return formToTerms(values.data, indicators);
  };
  const invalidTerms = (fieldErrors: Record<string, string>) =>
    json<ContractActionData>(
      { intent, message: 'Corrigez les champs signalés.', fieldErrors },
      { status: 400 },
    );
  const today = parisDayOf(new Date());

  switch (intent) {
    case 'save-draft':
    case 'propose': {
      const terms = await readTerms();
      if (!terms.ok) {
        return invalidTerms(terms.fieldErrors);
      }
      if (intent === 'save-draft') {
        const saved = await saveDraftTerms({ ...base, terms: terms.terms });
        return saved.ok ? done(t('toast.contractSaved')) : failure(intent, saved);
      }
      const proposed = await sendProposal({ ...base, terms: terms.terms });
      return proposed.ok
        ? done(t('toast.contractProposed', { version: proposed.version }))
        : failure(intent, proposed);
    }
    case 'counter': {
      const terms = await readTerms();
      if (!terms.ok) {
        return invalidTerms(terms.fieldErrors);
      }
      const countered = await counterPropose({
        ...base,
        terms: terms.terms,
        reason: String(form.get('reason') ?? ''),
      });
      return countered.ok
        ? done(t('toast.contractCountered', { version: countered.version }))
        : failure(intent, countered);
    }
    case 'sign': {
      const signed = await signContract({ ...base, now: new Date() });
      if (!signed.ok) {
        return failure(intent, signed, 409);
      }
      return done(t(signed.signedByBoth ? 'toast.contractActive' : 'toast.contractSigned'));
    }
    case 'notice': {
      const notice = await giveNotice({ ...base, givenOn: today });
      return notice.ok
        ? done(t('toast.contractNotice', { day: formatDay(notice.endOn) }))
        : failure(intent, notice, 409);
    }
    case 'terminate': {
      const caseIndex = Number(form.get('caseIndex'));
      const terminated = await terminateContract({
        ...base,
        givenOn: today,
        caseIndex: Number.isInteger(caseIndex) ? caseIndex : -1,
        reason: String(form.get('reason') ?? '').slice(0, 500),
      });
      return terminated.ok
        ? done(t('toast.contractTerminated', { day: formatDay(terminated.endOn) }))
        : failure(intent, terminated, 409);
    }
    default:
      return json<ContractActionData>(
        { intent: null, message: 'Action inconnue.' },
        { status: 400 },
      );
  }
}
