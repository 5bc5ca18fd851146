import { getSql } from '#app/db/client.server.ts';

/** Readiness: the process answers and the database does. */
export async function loader() {
  await getSql()`select 1`;
  return new Response('ok', { headers: { 'Cache-Control': 'no-store' } });
}
