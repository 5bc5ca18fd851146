/**
 * Cache policy of public catalogue pages: shared caches (and the phone's) may keep an anonymous
 * page a minute and serve it stale while refreshing; a signed-in visitor's page carries their
 * header (name, organisations), so it is private.
 */
export function publicPageHeaders(request: Request): HeadersInit {
  const isAnonymous = !request.headers.has('Cookie');
  return {
    'Cache-Control': isAnonymous
      ? 'public, max-age=60, stale-while-revalidate=600'
      : 'private, no-cache',
    Vary: 'Cookie',
  };
}
