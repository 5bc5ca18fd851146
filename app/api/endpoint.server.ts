import { z } from 'zod';
import { verifyApiToken } from '#app/models/api-token.server.ts';
import { getUserById, type User } from '#app/models/user.server.ts';

/**
 * One `/api/v1` endpoint: its contract (zod schemas, used both to validate requests and to
 * describe them in the OpenAPI document) and its handler. Routes stay one line:
 * `export const loader = (args) => handleApiRequest(endpoint, args)`.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export type Endpoint<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> = {
  method: HttpMethod;
  /** OpenAPI path template under /api/v1, e.g. `/organisations/{slug}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The success response (status and schema), for the OpenAPI document. */
  response: { status: number; description: string; schema: z.ZodType };
  /** Failure statuses this endpoint may answer, with when. */
  errors?: Record<number, string>;
  handler: (context: {
    request: Request;
    user: User;
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
  }) => Promise<unknown>;
};

export function defineEndpoint<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodUndefined,
>(endpoint: Endpoint<P, Q, B>): Endpoint<P, Q, B> {
  return endpoint;
}

export type ApiErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string[]> };
};

export function apiError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string[]>,
) {
  const body: ApiErrorBody = { error: { code, message, ...(fields ? { fields } : {}) } };
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

function fieldErrors(error: z.ZodError, prefix: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix;
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return fields;
}

const STATUS_MESSAGES: Record<number, [string, string]> = {
  401: ['unauthenticated', 'Jeton d’API manquant, invalide, expiré ou révoqué.'],
  403: ['forbidden', 'Vous n’avez pas les droits pour cette action.'],
  404: ['not_found', 'Ressource introuvable.'],
};

async function authenticate(request: Request): Promise<User | null> {
  const header = request.headers.get('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return null;
  }
  const verified = await verifyApiToken(match[1]!, 'api');
  return verified ? getUserById(verified.userId) : null;
}

/** Authenticates, validates, runs the handler and answers JSON — never an HTML error page. */
export async function handleApiRequest(
  endpoint: Endpoint<AnyObject, AnyObject, z.ZodType>,
  args: { request: Request; params: Record<string, string | undefined> },
): Promise<Response> {
  const { request } = args;
  if (request.method !== endpoint.method) {
    return apiError(
      405,
      'method_not_allowed',
      `Méthode ${request.method} non prise en charge ici.`,
    );
  }
  const user = await authenticate(request);
  if (!user) {
    const [code, message] = STATUS_MESSAGES[401]!;
    return apiError(401, code, message);
  }
  const params = (endpoint.params ?? z.object({})).safeParse(args.params);
  const query = (endpoint.query ?? z.object({})).safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  let rawBody: unknown;
  if (endpoint.body) {
    try {
      rawBody = await request.json();
    } catch {
      return apiError(400, 'invalid_json', 'Le corps de la requête n’est pas du JSON valide.');
    }
  }
  const body = endpoint.body
    ? endpoint.body.safeParse(rawBody)
    : { success: true as const, data: undefined };
  if (!params.success || !query.success || !body.success) {
    return apiError(422, 'invalid_request', 'Requête invalide : voir les champs en erreur.', {
      ...(params.success ? {} : fieldErrors(params.error, 'path')),
      ...(query.success ? {} : fieldErrors(query.error, 'query')),
      ...(body.success ? {} : fieldErrors(body.error, 'body')),
    });
  }
  try {
    const result = await endpoint.handler({
      request,
      user,
      params: params.data,
      query: query.data,
      body: body.data,
    });
    if (result instanceof Response) {
      return result;
    }
    return Response.json(result, {
      status: endpoint.response.status,
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (thrown) {
    // Guards throw Responses (404, 403): answer them in the API's JSON shape.
    if (thrown instanceof Response) {
      const [code, message] = STATUS_MESSAGES[thrown.status] ?? [
        'error',
        (await thrown.text()) || 'Erreur.',
      ];
      return apiError(thrown.status, code, message);
    }
    throw thrown;
  }
}
