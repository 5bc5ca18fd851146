import type { NextFunction, Request, Response } from 'express';

/**
 * A micro-cache for anonymous GETs of pages their route marks `Cache-Control: public`
 * (the public catalogue pages, app/utils/public-cache.server.ts). A phone on 4G asking for
 * `/producteurs/<slug>` gets the page rendered at most TTL_MS ago, instead of one render per
 * visitor: rendering dominates the cost of these pages. Concurrent misses for one URL wait for
 * the same render; once a page has been rendered, the visitors arriving while it is rendered
 * again get the previous render (stale-while-revalidate), so no visitor waits behind another. Signed-in visitors (any Cookie) always get a fresh, private page. Each
 * process keeps its own small cache; the staleness bound is TTL_MS, well under the `max-age`
 * the pages already give browsers and CDNs.
 */

/** How stale an anonymous visitor's page may be. */
const TTL_MS = 10_000;
/** How long a previous render may stand in while the page is rendered again. */
const STALE_MS = 30_000;
/** Distinct URLs kept (searches included); the oldest entry goes first. */
const MAX_ENTRIES = 500;
/** Larger pages are not kept (none is expected: pages are paginated). */
const MAX_BODY_BYTES = 1_000_000;

type Entry = {
  expiresAt: number;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
};

const KEPT_HEADERS = ['content-type', 'cache-control', 'vary', 'content-language'];

export function createPublicPageCache(options: { paths: RegExp; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | null>>();

  const send = (res: Response, entry: Entry, state: 'HIT' | 'STALE') => {
    res.status(entry.status);
    for (const [name, value] of Object.entries(entry.headers)) {
      res.setHeader(name, value);
    }
    res.setHeader('X-Cabas-Cache', state);
    res.end(entry.body);
  };

  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > MAX_ENTRIES) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) {
        entries.delete(oldest);
      }
    }
  };

  return async function publicPageCache(req: Request, res: Response, next: NextFunction) {
    const isCacheable =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !req.headers.cookie &&
      !req.headers.authorization &&
      options.paths.test(req.path);
    if (!isCacheable) {
      next();
      return;
    }
    const key = req.originalUrl;
    const cached = entries.get(key);
    if (cached && cached.expiresAt > now()) {
      send(res, cached, 'HIT');
      return;
    }
    const inFlight = pending.get(key);
    // While one request renders the page again, the others get the previous render.
    if (inFlight && cached && cached.expiresAt + STALE_MS > now()) {
      send(res, cached, 'STALE');
      return;
    }
    if (inFlight) {
      const entry = await inFlight;
      if (entry) {
        send(res, entry, 'HIT');
        return;
      }
    }
    // Render once, capturing the body the Remix handler writes.
    let resolve: (entry: Entry | null) => void = () => {};
    pending.set(
      key,
      new Promise((r) => {
        resolve = r;
      }),
    );
    const chunks: Buffer[] = [];
    let size = 0;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') {
        return;
      }
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : Buffer.from(
            chunk as string,
            (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding,
          );
      size += buffer.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(buffer);
      }
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response['end'];
    res.once('finish', () => {
      pending.delete(key);
      const cacheControl = String(res.getHeader('cache-control') ?? '');
      const isPublic =
        res.statusCode === 200 && /\bpublic\b/.test(cacheControl) && !res.getHeader('set-cookie');
      if (!isPublic || size > MAX_BODY_BYTES || req.method === 'HEAD') {
        resolve(null);
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) {
          headers[name] = String(value);
        }
      }
      const entry = {
        expiresAt: now() + TTL_MS,
        status: 200,
        headers,
        body: Buffer.concat(chunks),
      };
      store(key, entry);
      resolve(entry);
    });
    res.once('close', () => {
      if (!res.writableFinished) {
        pending.delete(key);
        resolve(null);
      }
    });
    res.setHeader('X-Cabas-Cache', 'MISS');
    next();
  };
}
