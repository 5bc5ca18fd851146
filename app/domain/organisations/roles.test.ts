import { describe, expect, it } from 'vitest';
import { hasPermission, invitableRoles, slugify } from './roles.ts';

describe('hasPermission', () => {
  it.each([
    ['un foyer voit son groupe', 'household', 'organisation.view', true],
    ['un foyer ne voit pas la liste des membres', 'household', 'members.view', false],
    ['un foyer ne peut pas inviter', 'household', 'members.invite', false],
    ['un coordinateur invite', 'coordinator', 'members.invite', true],
    ['un coordinateur ne modifie pas l’identité légale', 'coordinator', 'organisation.edit', false],
    ['un gestionnaire modifie l’identité légale', 'manager', 'organisation.edit', true],
    ['un non-membre ne voit rien', null, 'organisation.view', false],
  ] as const)('%s', (_label, role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected);
  });
});

describe('invitableRoles', () => {
  it.each([
    [
      'le responsable d’un groupe invite coordinateurs et foyers',
      'group',
      'owner',
      ['owner', 'coordinator', 'household'],
    ],
    ['un coordinateur n’invite que des foyers', 'group', 'coordinator', ['household']],
    ['un foyer n’invite personne', 'group', 'household', []],
    [
      'le responsable d’une ferme invite des gestionnaires',
      'producer',
      'owner',
      ['owner', 'manager'],
    ],
    ['un gestionnaire d’une ferme invite des gestionnaires', 'producer', 'manager', ['manager']],
    ['un non-membre n’invite personne', 'producer', null, []],
  ] as const)('%s', (_label, kind, actor, expected) => {
    expect(invitableRoles(kind, actor)).toEqual(expected);
  });
});

describe('slugify', () => {
  it.each([
    ['accents et espaces', 'Ferme des Écureuils', 'ferme-des-ecureuils'],
    ['ligature œ', 'Les Bœufs du Morvan', 'les-boeufs-du-morvan'],
    ['ponctuation en bord', '  « La Ruche ! »  ', 'la-ruche'],
    ['apostrophe typographique', 'L’Épi d’Or', 'l-epi-d-or'],
  ])('%s', (_label, input, expected) => {
    expect(slugify(input)).toBe(expected);
  });
});
