import { z } from 'zod';
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS } from '#app/domain/organisations/roles.ts';
import { listMembershipsForUser } from '#app/models/organisation.server.ts';
import { defineEndpoint } from '../endpoint.server.ts';

const MeSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  fullName: z.string(),
  organisations: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      kind: z.enum(ORGANISATION_KINDS),
      role: z.enum(MEMBERSHIP_ROLES),
    }),
  ),
});

export const getMe = defineEndpoint({
  method: 'GET',
  path: '/me',
  tag: 'Compte',
  summary: 'L’utilisateur du jeton et ses organisations',
  response: { status: 200, description: 'Utilisateur', schema: MeSchema },
  handler: async ({ user }) => {
    const memberships = await listMembershipsForUser(user.id);
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      organisations: memberships.map((m) => ({ ...m.organisation, role: m.role })),
    } satisfies z.infer<typeof MeSchema>;
  },
});
