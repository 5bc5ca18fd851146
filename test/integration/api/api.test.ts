import { describe, expect, it } from 'vitest';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { getMe } from '#app/api/v1/me.server.ts';
import { getOrganisation } from '#app/api/v1/organisations.server.ts';
import { createSyncToken } from '#app/api/v1/sync-tokens.server.ts';
import { createApiToken, revokeApiToken, verifyApiToken } from '#app/models/api-token.server.ts';
import { loader as openApiLoader } from '#app/routes/api.v1.openapi[.json].ts';
import { action as accountAction } from '#app/routes/compte.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const BASE = 'http://localhost:3000/api/v1';
const DAY = 24 * 60 * 60 * 1000;

function apiRequest(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) {
    headers.set('Authorization', `Bearer ${token}`);
  }
  return new Request(`${BASE}${path}`, { ...init, headers });
}

describe('/api/v1 : authentification par jeton', () => {
  it.each([
    ['sans jeton', undefined],
    ['jeton inventé', 'cabas_inventé'],
    ['jeton de synchronisation', 'cabas_sync_xxx'],
  ])('refuse %s avec un 401 JSON en français', async (_label, token) => {
    const response = await handleApiRequest(getMe, {
      request: apiRequest('/me', token),
      params: {},
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Jeton d’API manquant, invalide, expiré ou révoqué.',
      },
    });
  });

  it('répond avec l’utilisateur du jeton, puis plus rien une fois le jeton révoqué ou expiré', async () => {
    const user = await makeUser();
    const { organisation } = await makeOrganisation({ kind: 'producer', owner: user });
    const { id, token } = await createApiToken({ userId: user.id, name: 'caisse', ttlMs: DAY });
    const ok = await handleApiRequest(getMe, { request: apiRequest('/me', token), params: {} });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      id: user.id,
      organisations: [{ slug: organisation.slug, kind: 'producer', role: 'owner' }],
    });

    expect(await revokeApiToken({ userId: (await makeUser()).id, tokenId: id })).toBe(false);
    expect(await revokeApiToken({ userId: user.id, tokenId: id })).toBe(true);
    const revoked = await handleApiRequest(getMe, {
      request: apiRequest('/me', token),
      params: {},
    });
    expect(revoked.status).toBe(401);

    const expired = await createApiToken({ userId: user.id, name: 'vieux', ttlMs: -1 });
    expect(await verifyApiToken(expired.token)).toBeNull();
  });
});

describe('/api/v1/organisations/{slug}', () => {
  it('donne l’identité légale à un membre, 404 JSON à un étranger', async () => {
    const { organisation, owner } = await makeOrganisation({ kind: 'group' });
    const member = await makeUser();
    await addMember({ organisationId: organisation.id, user: member, role: 'household' });
    const outsider = await makeUser();
    const memberToken = (await createApiToken({ userId: member.id, name: 't', ttlMs: DAY })).token;
    const outsiderToken = (await createApiToken({ userId: outsider.id, name: 't', ttlMs: DAY }))
      .token;
    const path = `/organisations/${organisation.slug}`;

    const ok = await handleApiRequest(getOrganisation, {
      request: apiRequest(path, memberToken),
      params: { slug: organisation.slug },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ slug: organisation.slug, kind: 'group' });
    const hidden = await handleApiRequest(getOrganisation, {
      request: apiRequest(path, outsiderToken),
      params: { slug: organisation.slug },
    });
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ error: { code: 'not_found' } });
    void owner;
  });
});

describe('/api/v1/sync-tokens', () => {
  it('valide le corps (JSON, champ doc) et crée un jeton limité au document', async () => {
    const user = await makeUser();
    const token = (await createApiToken({ userId: user.id, name: 't', ttlMs: DAY })).token;
    const post = (body: string) =>
      handleApiRequest(createSyncToken, {
        request: apiRequest('/sync-tokens', token, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json' },
        }),
        params: {},
      });

    const broken = await post('{pas du json');
    expect(broken.status).toBe(400);
    const invalid = await post(JSON.stringify({ doc: '../etc/passwd' }));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: { 'body.doc': [expect.stringContaining('Nom de document invalide')] },
      },
    });

    const created = await post(JSON.stringify({ doc: 'sheet:abc' }));
    expect(created.status).toBe(201);
    const { token: syncToken } = (await created.json()) as { token: string };
    expect(await verifyApiToken(syncToken, 'sync')).toEqual({
      userId: user.id,
      scope: 'sheet:abc',
    });
    // A sync token is not an API token.
    expect(await verifyApiToken(syncToken, 'api')).toBeNull();
  });

  it('refuse une autre méthode avec un 405 JSON', async () => {
    const user = await makeUser();
    const token = (await createApiToken({ userId: user.id, name: 't', ttlMs: DAY })).token;
    const response = await handleApiRequest(createSyncToken, {
      request: apiRequest('/sync-tokens', token),
      params: {},
    });
    expect(response.status).toBe(405);
  });
});

describe('document OpenAPI', () => {
  it('décrit chaque point d’accès avec ses schémas et la sécurité par jeton', async () => {
    const response = await openApiLoader({
      request: new Request(`${BASE}/openapi.json`),
      params: {},
      context: {},
    });
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/egalim-exports',
      '/me',
      '/me/payments',
      '/organisations/{slug}',
      '/pro-orders',
      '/sheets/{sheetId}/payments',
      '/sheets/{sheetId}/payments/{paymentId}/cancel',
      '/sync-tokens',
    ]);
    expect(doc.paths['/sync-tokens']!.post!.requestBody).toBeDefined();
    expect(doc.paths['/me']!.get!.responses).toHaveProperty('200');
    expect(doc.paths['/me']!.get!.responses).toHaveProperty('401');
    expect(doc.components.securitySchemes).toHaveProperty('bearerAuth');
  });
});

describe('page Mon compte', () => {
  it('crée un jeton affiché une fois, et refuse une durée invalide', async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const bad = await call(accountAction, {
      request: postRequest('/compte', { intent: 'create', name: 'x', days: '0' }, cookie),
    });
    expect(bad.status).toBe(400);
    const ok = await call(accountAction, {
      request: postRequest('/compte', { intent: 'create', name: 'caisse', days: '30' }, cookie),
    });
    const { token } = (await ok.json()) as { token: string };
    expect(await verifyApiToken(token)).toMatchObject({ userId: user.id });
  });
});
