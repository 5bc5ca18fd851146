import { percentageOfCents } from '#app/domain/money/money.ts';

/** The online payment fee setting: basis points of the amount and/or fixed cents. */
export type OnlineFeeSetting = { rateBp: number; fixedCents: number };

export const NO_FEE: OnlineFeeSetting = { rateBp: 0, fixedCents: 0 };

/**
 * The fee added to an online payment of `amountCents` (the producers' parts): fixed part plus
 * the rate of the amount, rounded half-up once. It is a separate line the household sees before
 * paying, kept by the platform: never taken from a producer's part. Nothing to pay, no fee.
 */
export function computeOnlineFee(amountCents: number, setting: OnlineFeeSetting): number {
  if (amountCents <= 0) {
    return 0;
  }
  return setting.fixedCents + percentageOfCents(amountCents, setting.rateBp);
}

export function hasFee(setting: OnlineFeeSetting): boolean {
  return setting.rateBp > 0 || setting.fixedCents > 0;
}
