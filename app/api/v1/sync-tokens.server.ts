import { z } from 'zod';
import { createApiToken } from '#app/models/api-token.server.ts';
import { defineEndpoint } from '../endpoint.server.ts';

/** Ten minutes: long enough to connect and reconnect, short enough to be worthless when leaked. */
export const SYNC_TOKEN_TTL_MS = 10 * 60 * 1000;

export const DocNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9:_-]{1,200}$/,
    'Nom de document invalide (lettres, chiffres, « : », « _ », « - »).',
  );

export const createSyncToken = defineEndpoint({
  method: 'POST',
  path: '/sync-tokens',
  tag: 'Feuilles en direct',
  summary: 'Jeton court pour ouvrir le websocket /sync/<doc> sans cookie',
  description:
    'Pour les clients hors navigateur : connectez-vous ensuite à `wss://<hôte>/sync/<doc>?token=<jeton>`. Le jeton ne vaut que pour ce document, 10 minutes ; les droits sur la feuille sont vérifiés à la connexion.',
  body: z.object({ doc: DocNameSchema }),
  response: {
    status: 201,
    description: 'Jeton créé',
    schema: z.object({ token: z.string(), doc: z.string(), expiresAt: z.iso.datetime() }),
  },
  handler: async ({ user, body }) => {
    const created = await createApiToken({
      userId: user.id,
      name: `sync ${body.doc}`,
      purpose: 'sync',
      scope: body.doc,
      ttlMs: SYNC_TOKEN_TTL_MS,
    });
    return { token: created.token, doc: body.doc, expiresAt: created.expiresAt.toISOString() };
  },
});
