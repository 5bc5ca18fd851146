import { beforeAll, describe, expect, it } from 'vitest';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getEgalimExport } from '#app/api/v1/egalim-exports.server.ts';
import { eg22ToJson } from '#app/domain/op/eg22-export.ts';
import { createApiToken } from '#app/models/api-token.server.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { loader as openApiLoader } from '#app/routes/api.v1.openapi[.json].ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest } from '#test/utils/requests.ts';
import { deliverAndIssue, makeOpSetup } from './op-helpers.ts';

setupTestDatabase();

type Actor =
  | 'OP owner'
  | 'OP manager'
  | 'buyer concerned'
  | 'member producer'
  | 'other buyer'
  | 'outsider';

let s: Awaited<ReturnType<typeof makeOpSetup>>;
const tokens = new Map<Actor, string>();

const tokenFor = async (userId: string) =>
  (await createApiToken({ userId, name: 'eg22', ttlMs: 24 * 3600 * 1000 })).token;

function get(query: string, token?: string, method = 'GET') {
  const headers = new Headers(token ? { Authorization: `Bearer ${token}` } : {});
  return handleApiRequest(getEgalimExport, {
    request: new Request(`http://localhost/api/v1/egalim-exports?${query}`, { method, headers }),
    params: {},
  });
}

const march = () =>
  `op=${s.op.organisation.slug}&buyer=${s.fromagerie.organisation.slug}&month=2026-03`;

beforeAll(async () => {
  s = await makeOpSetup();
  await deliverAndIssue(s, { deliveries: [['2026-03-04', 12_000]], issueDate: '2026-03-31' });
  const manager = await makeUser();
  await addMember({ organisationId: s.opId, user: manager, role: 'manager' });
  const otherBuyer = await makeOrganisation({ kind: 'buyer' });
  tokens.set('OP owner', await tokenFor(s.op.owner.id));
  tokens.set('OP manager', await tokenFor(manager.id));
  tokens.set('buyer concerned', await tokenFor(s.fromagerie.owner.id));
  tokens.set('member producer', await tokenFor(s.gaec.owner.id));
  tokens.set('other buyer', await tokenFor(otherBuyer.owner.id));
  tokens.set('outsider', await tokenFor((await makeUser()).id));
}, 120_000);

describe('GET /api/v1/egalim-exports (EG-22)', () => {
  it('le même JSON que `npx cabas op export`, pour l’OP comme pour l’acheteur', async () => {
    const expected = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.fromagerie.organisation.id,
      month: '2026-03',
      now: new Date(),
    });
    if (!expected.ok) {
      throw new Error(expected.message);
    }
    const { generatedAt: _at, ...body } = eg22ToJson(expected.data);
    for (const actor of ['OP owner', 'buyer concerned'] as const) {
      const response = await get(march(), tokens.get(actor));
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('no-store');
      const json = await response.json();
      expect(json).toEqual({ ...body, generatedAt: expect.any(String) });
      expect(json.totals).toEqual({ invoices: 1, net: '6006.60', vat: '330.36', total: '6336.96' });
    }
  });

  it.each([
    ['OP owner', 200],
    ['OP manager', 200],
    ['buyer concerned', 200],
    ['member producer', 404],
    ['other buyer', 404],
    ['outsider', 404],
  ] as const)('droits : %s → %i', async (actor, status) => {
    const response = await get(march(), tokens.get(actor));
    expect(response.status).toBe(status);
    if (status === 404) {
      expect((await response.json()).error.code).toBe('not_found');
    }
  });

  it('sans jeton : 401 ; autre méthode : 405', async () => {
    expect((await get(march())).status).toBe(401);
    expect((await get(march(), tokens.get('OP owner'), 'POST')).status).toBe(405);
  });

  it.each([
    [
      'mois manquant',
      () => `op=${s.op.organisation.slug}&buyer=${s.fromagerie.organisation.slug}`,
      400,
      { 'query.month': ['mois AAAA-MM attendu'] },
    ],
    [
      'mois illisible',
      () => `op=${s.op.organisation.slug}&buyer=${s.fromagerie.organisation.slug}&month=2026-13`,
      400,
      { 'query.month': ['mois AAAA-MM attendu'] },
    ],
    [
      'acheteur manquant',
      () => `op=${s.op.organisation.slug}&month=2026-03`,
      400,
      { 'query.buyer': ['slug de l’acheteur attendu'] },
    ],
  ])('%s : %i avec le paramètre en erreur', async (_label, query, status, fields) => {
    const response = await get(query(), tokens.get('OP owner'));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_parameters',
        message:
          'Paramètres attendus : op (slug de l’OP), buyer (slug de l’acheteur) et month (AAAA-MM).',
        fields,
      },
    });
  });

  it('acheteur sans accord-cadre avec l’OP : 404 en français', async () => {
    const response = await get(
      `op=${s.op.organisation.slug}&buyer=inconnu&month=2026-03`,
      tokens.get('OP owner'),
    );
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe(
      'Acheteur « inconnu » inconnu ou sans accord-cadre avec OP Lait des Monts du Lyonnais.',
    );
  });

  it('décrit dans le document OpenAPI', async () => {
    const response = await call(openApiLoader, { request: getRequest('/api/v1/openapi.json') });
    const document = await response.json();
    const operation = document.paths['/egalim-exports'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual([
      'op',
      'buyer',
      'month',
    ]);
    expect(Object.keys(operation.responses).sort()).toEqual(
      expect.arrayContaining(['200', '400', '401', '404']),
    );
  });
});
