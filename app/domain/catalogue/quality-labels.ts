import { buildLookup } from './lookup-key.ts';

export const QUALITY_LABELS = [
  'ab',
  'label_rouge',
  'aop',
  'aoc',
  'igp',
  'stg',
  'hve',
  'bleu_blanc_coeur',
  'nature_progres',
  'demeter',
  'bio_coherence',
  'fermier',
  'montagne',
] as const;

export type QualityLabel = (typeof QUALITY_LABELS)[number];

export type QualityLabelDefinition = {
  /** French name as printed on packaging and in exported spreadsheets. */
  label: string;
  /**
   * Official sign of quality and origin (SIQO, managed by INAO: AB, Label Rouge, AOP/AOC,
   * IGP, STG). Egalim counts SIQO bovines separately (R631-6 II).
   */
  isSiqo: boolean;
  spellings: readonly string[];
};

export const QUALITY_LABEL_DEFINITIONS: Readonly<Record<QualityLabel, QualityLabelDefinition>> = {
  ab: { label: 'AB', isSiqo: true, spellings: ['Bio', 'Agriculture biologique', 'Eurofeuille'] },
  label_rouge: { label: 'Label Rouge', isSiqo: true, spellings: ['LR'] },
  aop: { label: 'AOP', isSiqo: true, spellings: ['Appellation d’origine protégée'] },
  aoc: { label: 'AOC', isSiqo: true, spellings: ['Appellation d’origine contrôlée'] },
  igp: { label: 'IGP', isSiqo: true, spellings: ['Indication géographique protégée'] },
  stg: { label: 'STG', isSiqo: true, spellings: ['Spécialité traditionnelle garantie'] },
  hve: { label: 'HVE', isSiqo: false, spellings: ['Haute valeur environnementale'] },
  bleu_blanc_coeur: { label: 'Bleu-Blanc-Cœur', isSiqo: false, spellings: ['BBC'] },
  nature_progres: { label: 'Nature & Progrès', isSiqo: false, spellings: ['N&P'] },
  demeter: { label: 'Demeter', isSiqo: false, spellings: ['Biodynamie'] },
  bio_coherence: { label: 'Bio Cohérence', isSiqo: false, spellings: [] },
  fermier: { label: 'Fermier', isSiqo: false, spellings: ['Produit fermier'] },
  montagne: { label: 'Produit de montagne', isSiqo: false, spellings: ['Montagne'] },
};

const LOOKUP = buildLookup(
  QUALITY_LABELS.map((code) => {
    const definition = QUALITY_LABEL_DEFINITIONS[code];
    return [code, [definition.label, ...definition.spellings]] as const;
  }),
);

export function findQualityLabel(lookupKey: string): QualityLabel | undefined {
  return LOOKUP.get(lookupKey);
}

export function hasSiqoLabel(labels: readonly QualityLabel[]): boolean {
  return labels.some((label) => QUALITY_LABEL_DEFINITIONS[label].isSiqo);
}
