/**
 * Split of a framework agreement's total volume among member producers (RULES-FR EG-21 2°) and
 * the gap between what each member was allotted and what it delivered (EG-21 3°). Quantities
 * are integer thousandths of the agreement's unit; no float touches them.
 */

export type SplitMember = { memberId: string; referenceMilli: number };
export type SplitShare = { memberId: string; quantityMilli: number };

/**
 * Proportional split by the largest-remainder method (Hamilton): each member gets the floor of
 * total × reference / Σ references, then the thousandths left go one by one to the largest
 * remainders (ties: larger reference, then the order given). The shares always add up to the
 * total. Members without reference volume get nothing unless nobody has one, in which case the
 * total is split equally.
 */
export function splitVolume(totalMilli: number, members: readonly SplitMember[]): SplitShare[] {
  if (!Number.isSafeInteger(totalMilli) || totalMilli < 0) {
    throw new RangeError(`total must be a non-negative integer: ${totalMilli}`);
  }
  if (members.length === 0) {
    return [];
  }
  const referenceSum = members.reduce((sum, m) => sum + BigInt(m.referenceMilli), 0n);
  const weights =
    referenceSum === 0n
      ? members.map(() => 1n)
      : members.map((m) => BigInt(Math.max(0, m.referenceMilli)));
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const total = BigInt(totalMilli);
  const shares = weights.map((weight, index) => {
    const exact = total * weight;
    return { index, floor: exact / weightSum, remainder: exact % weightSum, weight };
  });
  let left = total - shares.reduce((sum, s) => sum + s.floor, 0n);
  const order = [...shares].sort((a, b) =>
    a.remainder !== b.remainder
      ? a.remainder > b.remainder
        ? -1
        : 1
      : a.weight !== b.weight
        ? a.weight > b.weight
          ? -1
          : 1
        : a.index - b.index,
  );
  for (const share of order) {
    if (left === 0n) {
      break;
    }
    share.floor += 1n;
    left -= 1n;
  }
  return members.map((member, index) => ({
    memberId: member.memberId,
    quantityMilli: Number(shares[index]!.floor),
  }));
}

export type SplitIssue = { memberId?: string; message: string };

/**
 * Issues of a split the OP edited by hand: every quantity a non-negative whole number of
 * thousandths, each active member at most once, and the sum exactly the agreement's total.
 */
export function checkSplit(options: {
  totalMilli: number;
  shares: readonly SplitShare[];
  memberIds: readonly string[];
  formatQuantity: (milli: number) => string;
}): SplitIssue[] {
  const issues: SplitIssue[] = [];
  const seen = new Set<string>();
  for (const share of options.shares) {
    if (!options.memberIds.includes(share.memberId)) {
      issues.push({ memberId: share.memberId, message: 'Ce producteur n’est pas membre de l’OP.' });
    }
    if (seen.has(share.memberId)) {
      issues.push({ memberId: share.memberId, message: 'Membre présent deux fois.' });
    }
    seen.add(share.memberId);
    if (!Number.isSafeInteger(share.quantityMilli) || share.quantityMilli < 0) {
      issues.push({ memberId: share.memberId, message: 'Quantité positive ou nulle attendue.' });
    }
  }
  const sum = options.shares.reduce((total, share) => total + share.quantityMilli, 0);
  if (issues.length === 0 && sum !== options.totalMilli) {
    const gap = sum - options.totalMilli;
    issues.push({
      message: `La répartition totalise ${options.formatQuantity(sum)} pour ${options.formatQuantity(options.totalMilli)} prévus à l’accord (écart ${gap > 0 ? '+' : '−'}${options.formatQuantity(Math.abs(gap))}) : la somme doit être égale au total.`,
    });
  }
  return issues;
}

export type GapStatus = 'under' | 'within' | 'over';

export type MemberGap = {
  memberId: string;
  splitMilli: number;
  deliveredMilli: number;
  /** Delivered − split. */
  gapMilli: number;
  /** Delivered as a share of the split, in basis points (10 000 = 100 %); null without split. */
  deliveredBp: number | null;
  status: GapStatus;
};

/**
 * Delivered against allotted per member, over the agreement period being tracked; a member is
 * within the agreement's tolerance (± tolerance % of its split) or under/over it (EG-21 3°).
 * A prorata of the period elapsed is the caller's choice: pass the split it expects by then.
 */
export function compareDeliveredToSplit(options: {
  shares: readonly SplitShare[];
  delivered: ReadonlyMap<string, number>;
  toleranceBp: number;
}): MemberGap[] {
  return options.shares.map((share) => {
    const deliveredMilli = options.delivered.get(share.memberId) ?? 0;
    const gapMilli = deliveredMilli - share.quantityMilli;
    const deliveredBp =
      share.quantityMilli === 0
        ? null
        : Number((BigInt(deliveredMilli) * 10_000n) / BigInt(share.quantityMilli));
    const allowed = (BigInt(share.quantityMilli) * BigInt(options.toleranceBp)) / 10_000n;
    const status: GapStatus =
      BigInt(gapMilli) > allowed ? 'over' : BigInt(-gapMilli) > allowed ? 'under' : 'within';
    return {
      memberId: share.memberId,
      splitMilli: share.quantityMilli,
      deliveredMilli,
      gapMilli,
      deliveredBp,
      status,
    };
  });
}
