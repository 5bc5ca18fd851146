import { z } from 'zod';
import type { Endpoint } from './endpoint.server.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(type: z.ZodType): JsonSchema {
  return z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().describe('Message en français, à montrer tel quel.'),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

function parameters(object: z.ZodObject<z.ZodRawShape> | undefined, location: 'path' | 'query') {
  if (!object) {
    return [];
  }
  return Object.entries(object.shape).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(field as z.ZodType),
  }));
}

/** OpenAPI 3.1 document of /api/v1, generated from the same zod schemas that validate requests. */
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous endpoint list
export function buildOpenApiDocument(endpoints: Endpoint<any, any, any>[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const errors: Record<string, unknown> = {
      401: {
        description: 'Jeton manquant ou invalide.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
      422: {
        description: 'Requête invalide (champs en erreur).',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    };
    for (const [status, description] of Object.entries(endpoint.errors ?? {})) {
      errors[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = {
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      tags: [endpoint.tag],
      security: [{ bearerAuth: [] }],
      parameters: [...parameters(endpoint.params, 'path'), ...parameters(endpoint.query, 'query')],
      ...(endpoint.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(endpoint.body) } },
            },
          }
        : {}),
      responses: {
        [endpoint.response.status]: {
          description: endpoint.response.description,
          content: { 'application/json': { schema: schemaOf(endpoint.response.schema) } },
        },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'API Cabas',
      version: '1',
      description:
        'API JSON de Cabas. Authentification : `Authorization: Bearer <jeton>` (jetons créés dans « Mon compte »). Les messages d’erreur sont en français.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: schemaOf(ErrorSchema) },
    },
    paths,
  };
}
