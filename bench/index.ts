/**
 * `npm run bench`: runs every bench module, prints its figures, and rewrites the module's own
 * section of docs/PERFORMANCE.md (other sections are kept). A module exports
 * `run(): Promise<{ lines: string[]; markdown?: string }>`; register it below, one line each.
 * `npm run bench -- catalogue` runs only the named modules.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

type BenchResult = { lines: string[]; markdown?: string };
type BenchModule = {
  name: string;
  title: string;
  load: () => Promise<{ run: () => Promise<BenchResult> }>;
};

const MODULES: BenchModule[] = [
  { name: 'invoices', title: 'Issuing a round’s invoices', load: () => import('./invoices.ts') },
  { name: 'catalogue', title: 'Public catalogue pages', load: () => import('./catalogue.ts') },
  { name: 'sheet', title: 'Live order sheets', load: () => import('./sheet.ts') },
];

const PERFORMANCE_FILE = path.resolve(import.meta.dirname, '../docs/PERFORMANCE.md');

function machine(): string {
  const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  // Other work on the machine skews latencies: the load average says how busy it was.
  const load = os.loadavg()[0]?.toFixed(1);
  return `${cores} cores (nproc), ${cpu}, ${memory} RAM, ${os.type()} ${os.release()}, Node ${process.version}; load average ${load} at start`;
}

/** Replaces (or appends) the section between the module's markers, keeping everything else. */
async function writeSection(module: BenchModule, body: string): Promise<void> {
  const start = `<!-- bench:${module.name} -->`;
  const end = `<!-- /bench:${module.name} -->`;
  const existing = await readFile(PERFORMANCE_FILE, 'utf8').catch(
    () =>
      '# Performance\n\nFigures written by `npm run bench` (bench/index.ts); each section is rewritten by its own bench module.\n',
  );
  const section = `${start}\n## ${module.title}\n\n${body.trim()}\n${end}`;
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${section}${existing.slice(to + end.length)}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  await writeFile(PERFORMANCE_FILE, next);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = only.length > 0 ? MODULES.filter((m) => only.includes(m.name)) : MODULES;
  const summary: string[] = [];
  for (const module of selected) {
    console.log(`[bench] ${module.name}…`);
    const { run } = await module.load();
    const result = await run();
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const body = [
      `Run ${date} UTC on ${machine()}.`,
      '',
      result.markdown ?? ['```', ...result.lines, '```'].join('\n'),
    ].join('\n');
    await writeSection(module, body);
    summary.push(...result.lines);
  }
  console.log(`[bench] docs/PERFORMANCE.md updated (${selected.map((m) => m.name).join(', ')})`);
  for (const line of summary) {
    console.log(line);
  }
}

await main();
// Done: clients' reconnect timers and child-process pipes must not keep the run alive.
process.exit(0);
