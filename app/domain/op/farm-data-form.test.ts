import { describe, expect, it } from 'vitest';
import { parseFarmDataForm } from './farm-data-form.ts';

const TODAY = '2026-11-30';

describe('parseFarmDataForm', () => {
  it('cheptel, certification et volume saisis à la française', () => {
    const result = parseFarmDataForm(
      {
        'herd.cow_dairy.count': '62',
        'herd.cow_dairy.breed': 'Montbéliarde',
        'herd.goat.count': '',
        'cert.0.label': 'AOP',
        'cert.0.title': 'AOP Fourme de Montbrison',
        'cert.0.certifier': 'Certipaq',
        'cert.0.from': '2024-01-01',
        'cert.0.until': '2026-12-31',
        'vol.0.year': '2025',
        'vol.0.category': 'milk_cow',
        'vol.0.quantity': '380 000',
        'vol.0.unit': 'LTR',
        'vol.1.quantity': '',
      },
      TODAY,
    );
    expect(result).toEqual({
      ok: true,
      data: {
        herds: [{ species: 'cow_dairy', headCount: 62, breed: 'Montbéliarde', recordedOn: TODAY }],
        certifications: [
          {
            label: 'AOP',
            title: 'AOP Fourme de Montbrison',
            certifier: 'Certipaq',
            validFrom: '2024-01-01',
            validUntil: '2026-12-31',
          },
        ],
        volumes: [
          { year: 2025, egalimCategory: 'milk_cow', quantityMilli: 380_000_000, unit: 'LTR' },
        ],
      },
    });
  });

  it.each([
    [
      'têtes décimales',
      { 'herd.ewe.count': '12,5' },
      'Cheptel (ewe) : nombre de têtes entier attendu.',
    ],
    [
      'signe inconnu',
      { 'cert.0.label': 'Bio', 'cert.0.title': 'x', 'cert.0.from': '2024-01-01' },
      'Certification 1 : choisissez le signe (AB, AOP, Label Rouge…).',
    ],
    [
      'fin avant début',
      {
        'cert.1.label': 'AB',
        'cert.1.title': 'AB',
        'cert.1.from': '2024-01-01',
        'cert.1.until': '2023-01-01',
      },
      'Certification 2 : la fin de validité précède son début.',
    ],
    [
      'année courte',
      {
        'vol.0.year': '25',
        'vol.0.category': 'milk_cow',
        'vol.0.quantity': '1',
        'vol.0.unit': 'LTR',
      },
      'Volume 1 : année sur quatre chiffres attendue.',
    ],
    [
      'quantité illisible',
      {
        'vol.0.year': '2025',
        'vol.0.category': 'milk_cow',
        'vol.0.quantity': 'beaucoup',
        'vol.0.unit': 'LTR',
      },
      'Volume 1 : ',
    ],
  ])('%s : refusé, la ligne est nommée', (_label, values, message) => {
    const result = parseFarmDataForm(values, TODAY);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toContain(message);
  });

  it('des volumes au-delà d’un entier Postgres 32 bits passent (bigint)', () => {
    const result = parseFarmDataForm(
      {
        'vol.0.year': '2025',
        'vol.0.category': 'milk_cow',
        'vol.0.quantity': '6 000 000',
        'vol.0.unit': 'LTR',
      },
      TODAY,
    );
    expect(result.ok && result.data.volumes[0]!.quantityMilli).toBe(6_000_000_000);
  });
});
