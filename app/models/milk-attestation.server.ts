import { getDb } from '#app/db/client.server.ts';
import type { AttestationFarmer } from '#app/domain/milk/attestation.ts';
import { listMilkStatements, loadOrganisationIdentity } from './milk-pay.server.ts';
import { listMilkDairiesOfProducer, listMilkSuppliers } from './milk-supplier.server.ts';

/**
 * The flat-rate farmers' annual attestation (INV-09) of a dairy, or of one producer (every
 * dairy it delivers to): the current invoice of each month of `year` whose farmer was under the
 * flat-rate refund regime, grouped by dairy and farmer.
 */
export async function loadFlatRateAttestation(options: {
  dairyId?: string;
  producerId?: string;
  year: number;
}): Promise<AttestationFarmer[]> {
  const [statements, suppliers] = await Promise.all([
    listMilkStatements(options),
    options.dairyId
      ? listMilkSuppliers({ dairyId: options.dairyId })
      : listMilkDairiesOfProducer({ producerId: options.producerId ?? '' }),
  ]);
  const farmers: AttestationFarmer[] = [];
  for (const supplier of suppliers) {
    const months = statements
      .filter(
        (s) =>
          s.dairyId === supplier.dairyId &&
          s.producerId === supplier.producerId &&
          s.month.startsWith(`${options.year}-`) &&
          s.frozen.pay.pay.cents.flatRateRefund !== null,
      )
      .sort((a, b) => (a.month < b.month ? -1 : 1))
      .map((s) => ({
        month: s.month,
        invoiceNumber: s.invoiceNumber,
        litres: s.frozen.pay.litres,
        netCents: s.frozen.pay.pay.cents.amountExclVat,
      }));
    if (months.length === 0) {
      continue;
    }
    const dairy = await loadOrganisationIdentity(getDb(), supplier.dairyId);
    farmers.push({
      producerName: supplier.producerName,
      siret: supplier.siret,
      dairyName: dairy?.legalName ?? supplier.dairyName,
      dairySiren: dairy?.siren ?? null,
      months,
    });
  }
  return farmers;
}
