import { isValidDay } from '#app/domain/calendar/paris-time.ts';
import { EGALIM_CATEGORIES, type EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { parseScaledDecimal, parseWholeNumber } from '#app/domain/catalogue/french-number.ts';
import { QUALITY_LABEL_DEFINITIONS, QUALITY_LABELS } from '#app/domain/catalogue/quality-labels.ts';
import { HERD_SPECIES, type HerdSpecies, VOLUME_UNITS, type VolumeUnit } from './members.ts';

/**
 * A member's farm data as one HTML form and back: one herd row per species (empty = none),
 * certification rows and annual volume rows (a row left blank is ignored). Numbers as French
 * users type them ("380 000", "12,5"); every problem names its row.
 */

export type FarmData = {
  herds: { species: HerdSpecies; headCount: number; breed: string; recordedOn: string }[];
  certifications: {
    label: string;
    title: string;
    certifier: string;
    validFrom: string;
    validUntil: string | null;
  }[];
  volumes: {
    year: number;
    egalimCategory: EgalimCategory;
    quantityMilli: number;
    unit: VolumeUnit;
  }[];
};

/** Blank rows offered after the existing ones. */
export const EXTRA_ROWS = 2;

export type FarmFormResult = { ok: true; data: FarmData } | { ok: false; errors: string[] };

const CERTIFICATION_LABELS = QUALITY_LABELS.map((code) => QUALITY_LABEL_DEFINITIONS[code].label);

/** Parses `herd.<species>.count`, `cert.<i>.*` and `vol.<i>.*` fields. */
export function parseFarmDataForm(values: Record<string, string>, today: string): FarmFormResult {
  const errors: string[] = [];
  const value = (name: string) => (values[name] ?? '').trim();
  const herds: FarmData['herds'] = [];
  for (const species of HERD_SPECIES) {
    const count = value(`herd.${species}.count`);
    if (count === '') {
      continue;
    }
    const parsed = parseWholeNumber(count);
    if (!parsed.ok || parsed.value > 1_000_000) {
      errors.push(`Cheptel (${species}) : nombre de têtes entier attendu.`);
      continue;
    }
    herds.push({
      species,
      headCount: parsed.value,
      breed: value(`herd.${species}.breed`).slice(0, 80),
      recordedOn: today,
    });
  }
  const certifications: FarmData['certifications'] = [];
  const volumes: FarmData['volumes'] = [];
  for (let index = 0; index < 50; index++) {
    const cert = (field: string) => value(`cert.${index}.${field}`);
    if (cert('title') !== '' || cert('from') !== '') {
      const row = `Certification ${index + 1}`;
      const until = cert('until');
      if (!CERTIFICATION_LABELS.includes(cert('label'))) {
        errors.push(`${row} : choisissez le signe (AB, AOP, Label Rouge…).`);
      } else if (cert('title').length < 1 || cert('title').length > 120) {
        errors.push(`${row} : intitulé de 1 à 120 caractères.`);
      } else if (!isValidDay(cert('from')) || (until !== '' && !isValidDay(until))) {
        errors.push(`${row} : dates de validité AAAA-MM-JJ attendues.`);
      } else if (until !== '' && until < cert('from')) {
        errors.push(`${row} : la fin de validité précède son début.`);
      } else {
        certifications.push({
          label: cert('label'),
          title: cert('title'),
          certifier: cert('certifier').slice(0, 120),
          validFrom: cert('from'),
          validUntil: until === '' ? null : until,
        });
      }
    }
    const vol = (field: string) => value(`vol.${index}.${field}`);
    if (vol('quantity') !== '') {
      const row = `Volume ${index + 1}`;
      const year = Number(vol('year'));
      const quantity = parseScaledDecimal(vol('quantity'), {
        decimals: 3,
        tooPreciseMessage: 'number.milliPrecision',
        max: Number.MAX_SAFE_INTEGER,
      });
      if (!Number.isInteger(year) || year < 2000 || year > 2100) {
        errors.push(`${row} : année sur quatre chiffres attendue.`);
      } else if (!(EGALIM_CATEGORIES as readonly string[]).includes(vol('category'))) {
        errors.push(`${row} : choisissez le produit.`);
      } else if (!(VOLUME_UNITS as readonly string[]).includes(vol('unit'))) {
        errors.push(`${row} : choisissez l’unité.`);
      } else if (!quantity.ok) {
        errors.push(`${row} : ${quantity.message}`);
      } else {
        volumes.push({
          year,
          egalimCategory: vol('category') as EgalimCategory,
          quantityMilli: quantity.value,
          unit: vol('unit') as VolumeUnit,
        });
      }
    }
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, data: { herds, certifications, volumes } };
}

export { CERTIFICATION_LABELS };
