import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SaxonJS from 'saxon-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSef } from '#test/einvoice/validate.ts';

const XSLT = `<?xml version="1.0"?>
<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><total><xsl:value-of select="sum(//amount)"/></total></xsl:template>
</xsl:stylesheet>`;

let workDir: string;
let xsltPath: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-sef-'));
  xsltPath = path.join(workDir, 'sum.xslt');
  await writeFile(xsltPath, XSLT);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('compileSef', () => {
  it('deux compilations simultanées donnent un seul SEF utilisable, sans fichier temporaire', async () => {
    const cache = path.join(workDir, 'cache');
    const [first, second] = await Promise.all([
      compileSef(xsltPath, cache),
      compileSef(xsltPath, cache),
    ]);
    expect(first).toBe(second);
    expect(path.basename(first ?? '')).toMatch(/^[0-9a-f]{64}\.sef\.json$/);
    expect(await readdir(cache)).toEqual([path.basename(first ?? '')]);

    const sef: unknown = JSON.parse(await readFile(first ?? '', 'utf8'));
    const result = await SaxonJS.transform(
      {
        stylesheetInternal: sef,
        sourceText: '<r><amount>1.5</amount><amount>2</amount></r>',
        destination: 'serialized',
      },
      'async',
    );
    expect(String(result.principalResult)).toContain('<total>3.5</total>');
  }, 120_000);

  it('réutilise le SEF en cache sans recompiler', async () => {
    const cache = path.join(workDir, 'cache');
    const target = await compileSef(xsltPath, cache);
    const before = (await stat(target)).mtimeMs;
    expect(await compileSef(xsltPath, cache)).toBe(target);
    expect((await stat(target)).mtimeMs).toBe(before);
  }, 120_000);

  it('une autre feuille XSLT a une autre clé (SHA-256 du contenu)', async () => {
    const other = path.join(workDir, 'other.xslt');
    await writeFile(other, XSLT.replace('sum(//amount)', 'count(//amount)'));
    const cache = path.join(workDir, 'cache');
    expect(await compileSef(other, cache)).not.toBe(await compileSef(xsltPath, cache));
  }, 120_000);
});
