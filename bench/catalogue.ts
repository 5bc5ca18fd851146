/**
 * Bench: the public catalogue pages with 2,000 products (20 producers × 100) under 50
 * concurrent clients — target p95 ≤ 100 ms on a 2-core machine. Builds the app, starts the real
 * server (NODE_ENV=production) on a fresh embedded PostgreSQL 15 in a temporary folder, inserts
 * the products in SQL, then drives each page with autocannon for DURATION_S seconds (anonymous
 * visitors, rotating over producers and searches). `npx tsx bench/catalogue.ts` runs it alone.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createSql } from '#app/db/client.server.ts';
import { freePort, startEmbeddedDatabase } from '#app/db/embedded.server.ts';
import { migrate } from '#app/db/migrate.server.ts';

const PRODUCERS = 20;
const PRODUCTS_PER_PRODUCER = 100;
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROOT = path.resolve(import.meta.dirname, '..');

const KINDS = [
  { name: 'Carottes', shelf: 'Légumes', egalim: 'fruit_vegetable', unit: 'kg', price: 260 },
  { name: 'Tomates', shelf: 'Légumes', egalim: 'fruit_vegetable', unit: 'kg', price: 450 },
  { name: 'Pommes', shelf: 'Fruits', egalim: 'fruit_vegetable', unit: 'kg', price: 320 },
  { name: 'Tomme', shelf: 'Fromages', egalim: 'other', unit: 'kg', price: 2490, grams: 350 },
  { name: 'Crottin', shelf: 'Fromages', egalim: 'other', unit: 'piece', price: 240 },
  { name: 'Œufs', shelf: 'Œufs', egalim: 'egg', unit: 'dozen', price: 540 },
  { name: 'Miel', shelf: 'Épicerie', egalim: 'honey', unit: 'jar', price: 850 },
  { name: 'Rôti de porc', shelf: 'Viande', egalim: 'pig', unit: 'kg', price: 1690, grams: 1000 },
] as const;
const LABELS = [[], ['ab'], ['hve'], ['label_rouge', 'fermier'], ['ab', 'montagne']] as const;

async function seed(url: string): Promise<string[]> {
  const sql = createSql(url, { max: 2 });
  try {
    await migrate(sql);
    const slugs: string[] = [];
    for (let p = 0; p < PRODUCERS; p++) {
      const slug = `ferme-bench-${p + 1}`;
      slugs.push(slug);
      const [producer] = await sql<{ id: string }[]>`
        insert into organisations (kind, slug, name, vat_regime, city, country)
        values ('producer', ${slug}, ${`Ferme du Banc n° ${p + 1}`}, 'liable', 'Lyon', 'FR')
        returning id`;
      const rows = Array.from({ length: PRODUCTS_PER_PRODUCER }, (_, i) => {
        const kind = KINDS[i % KINDS.length]!;
        const labels = LABELS[(i + p) % LABELS.length]!;
        const grams = 'grams' in kind ? kind.grams : null;
        return {
          producer_id: producer!.id,
          sku: `B${p}-${i}`,
          name: `${kind.name} variété ${i} de la ferme ${p + 1}`,
          description: `Récolté ou préparé à la ferme n° ${p + 1}, lot ${i}. Vente directe.`,
          egalim_category: kind.egalim,
          is_siqo: labels.some((label) => label === 'ab' || label === 'label_rouge'),
          shelf: kind.shelf,
          sale_unit: kind.unit,
          is_variable_weight: grams !== null,
          estimated_weight_grams: grams,
          step_milli: kind.unit === 'kg' && grams === null ? 500 : 1000,
          vat_rate_bp: 550,
          consumer_price_gross_cents: kind.price + i,
          pro_price_net_cents: Math.round(kind.price * 0.8),
          labels: [...labels],
          is_active: i % 10 !== 9,
        };
      });
      await sql`insert into products ${sql(rows)}`;
    }
    await sql`analyze`;
    return slugs;
  } finally {
    await sql.end();
  }
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', CABAS_DEMO: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`bench catalogue: server exited\n${stderr}`);
    }
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`bench catalogue: server did not start\n${stderr}`);
}

type Measure = {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** 50 keep-alive connections for `seconds`, cycling over `paths`; latencies of every response. */
async function load(
  port: number,
  paths: string[],
  options: { seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<Measure> {
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections ?? CONNECTIONS,
    duration: options.seconds,
    requests: paths.map((p) => ({ method: 'GET', path: p, headers: options.headers })),
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (statusCode !== 200) {
      errors++;
    }
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: result.requests.average,
    requests: latencies.length,
    errors: errors + result.errors,
  };
}

const round = (ms: number) => ms.toFixed(1);

export async function run(): Promise<{ lines: string[]; markdown: string }> {
  execFileSync('npx', ['remix', 'build'], { cwd: ROOT, stdio: 'ignore' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-bench-catalogue-'));
  const database = await startEmbeddedDatabase({ dataDir });
  let server: ChildProcess | undefined;
  try {
    const slugs = await seed(database.url);
    const port = await freePort();
    server = await startServer({
      PORT: String(port),
      DATABASE_URL: database.url,
      CABAS_DATA_DIR: dataDir,
    });
    const pages = {
      catalogue: slugs.map((slug) => `/producteurs/${slug}`),
      browse: [
        '/catalogue',
        '/catalogue?q=tomates',
        '/catalogue?categorie=fruit_vegetable',
        '/catalogue?label=ab',
        '/catalogue?q=miel&label=montagne',
        '/catalogue?page=5',
        '/catalogue?q=ferme+12',
        '/catalogue?categorie=egg&q=oeufs',
      ],
    };
    const results: Record<string, Measure> = {};
    const rendered: Record<string, Measure> = {};
    for (const [name, paths] of Object.entries(pages)) {
      await load(port, paths, { seconds: 2 }); // warm-up: JIT, connection pools, caches
      results[name] = await load(port, paths, { seconds: DURATION_S });
      // What one render costs: one client at a time, a cookie so the shared cache is bypassed.
      rendered[name] = await load(port, paths, {
        seconds: 3,
        connections: 1,
        headers: { Cookie: 'bench=1' },
      });
    }
    const catalogue = results.catalogue!;
    const browse = results.browse!;
    const detail = (label: string, m: Measure) =>
      `${label} p50_ms=${round(m.p50)} p95_ms=${round(m.p95)} p99_ms=${round(m.p99)} rps=${Math.round(m.rps)} requests=${m.requests} non_200=${m.errors}`;
    const lines = [
      detail('catalogue page detail', catalogue),
      detail('browse page detail', browse),
      detail('catalogue page uncached 1 client', rendered.catalogue!),
      detail('browse page uncached 1 client', rendered.browse!),
      `catalogue page p95_ms=${round(catalogue.p95)}`,
      `browse page p95_ms=${round(browse.p95)}`,
    ];
    const row = (label: string, paths: string, m: Measure) =>
      `| ${label} | ${paths} | ${round(m.p50)} | **${round(m.p95)}** | ${round(m.p99)} | ${Math.round(m.rps)} | ${m.errors} |`;
    const markdown = [
      `${PRODUCERS * PRODUCTS_PER_PRODUCER} products (${PRODUCERS} producers × ${PRODUCTS_PER_PRODUCER}, 90 % active), ${CONNECTIONS} concurrent keep-alive clients, ${DURATION_S} s per page after a 2 s warm-up, anonymous visitors; real server (\`NODE_ENV=production\`) on an embedded PostgreSQL 15. Target: p95 ≤ 100 ms.`,
      '',
      '| page | requests | p50 ms | p95 ms | p99 ms | req/s | non-200 |',
      '|---|---|---|---|---|---|---|',
      row('catalogue page', '`/producteurs/<slug>`, 20 producers in turn', catalogue),
      row(
        'browse page',
        `\`/catalogue\` with ${pages.browse.length} searches and filters in turn`,
        browse,
      ),
      row(
        'catalogue page, uncached, 1 client',
        'same, every request rendered',
        rendered.catalogue!,
      ),
      row('browse page, uncached, 1 client', 'same, every request rendered', rendered.browse!),
      '',
      'Anonymous visitors go through a 10 s shared micro-cache with stale-while-revalidate (`server/public-page-cache.ts`): under 50 clients most requests are served from it, each URL being rendered again at most once every 10 s while the others get the previous render. The « uncached » rows give the cost of one render (signed-in visitors, or the first visitor of a URL), measured with one client at a time and a cookie that bypasses the cache.',
      '',
      '```',
      ...lines,
      '```',
    ].join('\n');
    return { lines, markdown };
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { lines } = await run();
  for (const line of lines) {
    console.log(line);
  }
}
