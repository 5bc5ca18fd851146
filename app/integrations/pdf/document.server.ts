/**
 * Shared pdf-lib layout helper for printable documents (picking lists; reusable for invoices):
 * A4 portrait, DejaVu Sans embedded (so « é », « œ », « € », « ≈ » render), a header block
 * repeated on every page, sections whose tables wrap cells, break pages and repeat their column
 * headers, and a « Page n / N » footer written once the page count is known.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

const require = createRequire(import.meta.url);

export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const FOOTER = 24;
const CELL_PADDING = 4;
const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.7, 0.7, 0.7);
const BAND = rgb(0.92, 0.92, 0.92);

export type PdfColumn = { header: string; width: number; align?: 'left' | 'right' };
export type PdfTable = {
  caption?: string;
  columns: readonly PdfColumn[];
  rows: readonly string[][];
};
export type PdfSection = { title: string; lines: readonly string[]; tables: readonly PdfTable[] };

export type PdfDocumentOptions = {
  title: string;
  author: string;
  /** Printed at the top of every page: first line bold. */
  header: readonly string[];
  footer: (page: number, pages: number) => string;
  /** Creation date written in the PDF metadata (the caller's `now`). */
  createdAt: Date;
};

let fontBytes: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

/** DejaVu Sans from the `dejavu-fonts-ttf` package, read once per process. */
export function loadFontBytes() {
  fontBytes ??= Promise.all(
    ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((name) =>
      readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)),
    ),
  ).then(([regular, bold]) => ({ regular: regular!, bold: bold! }));
  return fontBytes;
}

export class PdfDocumentWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly width = A4[0] - 2 * MARGIN;

  private constructor(
    readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    private readonly options: PdfDocumentOptions,
  ) {
    this.newPage();
  }

  static async create(options: PdfDocumentOptions): Promise<PdfDocumentWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const bytes = await loadFontBytes();
    const [regular, bold] = await Promise.all([
      doc.embedFont(bytes.regular, { subset: true }),
      doc.embedFont(bytes.bold, { subset: true }),
    ]);
    doc.setTitle(options.title);
    doc.setAuthor(options.author);
    doc.setCreator('Cabas');
    doc.setProducer('Cabas (pdf-lib)');
    doc.setLanguage('fr-FR');
    doc.setCreationDate(options.createdAt);
    doc.setModificationDate(options.createdAt);
    return new PdfDocumentWriter(doc, { regular: regular!, bold: bold! }, options);
  }

  private font(bold: boolean): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    this.options.header.forEach((line, index) => {
      this.write(line, { size: index === 0 ? 13 : 9, bold: index === 0 });
    });
    this.y -= 4;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + this.width, y: this.y },
      thickness: 0.8,
      color: RULE,
    });
    this.y -= 10;
  }

  /** Starts a new page unless `height` points still fit above the footer. */
  private ensure(height: number): boolean {
    if (this.y - height < MARGIN + FOOTER) {
      this.newPage();
      return true;
    }
    return false;
  }

  /** Splits on spaces to fit `width`; a word wider than the width is cut. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const font = this.font(bold);
    const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
    const lines: string[] = [];
    let current = '';
    for (const word of text.split(' ')) {
      const candidate = current ? `${current} ${word}` : word;
      if (fits(candidate)) {
        current = candidate;
        continue;
      }
      if (current) {
        lines.push(current);
      }
      current = word;
      while (!fits(current) && current.length > 1) {
        let cut = current.length - 1;
        while (cut > 1 && !fits(current.slice(0, cut))) {
          cut--;
        }
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    lines.push(current);
    return lines;
  }

  private write(text: string, style: { size: number; bold?: boolean; color?: typeof GREY }) {
    for (const line of this.wrap(text, this.width, style.size, style.bold)) {
      this.ensure(style.size * 1.3);
      this.y -= style.size * 1.3;
      this.page.drawText(line, {
        x: MARGIN,
        y: this.y + style.size * 0.25,
        size: style.size,
        font: this.font(style.bold ?? false),
        color: style.color ?? rgb(0, 0, 0),
      });
    }
  }

  paragraph(text: string, options: { size?: number; bold?: boolean; muted?: boolean } = {}) {
    this.write(text, {
      size: options.size ?? 10,
      bold: options.bold,
      color: options.muted ? GREY : undefined,
    });
  }

  space(points: number) {
    this.y -= points;
  }

  private drawRow(
    columns: readonly PdfColumn[],
    cells: readonly string[],
    options: { bold: boolean; band: boolean },
  ) {
    const size = 9;
    const lineHeight = size * 1.3;
    const wrapped = columns.map((column, i) =>
      this.wrap(cells[i] ?? '', column.width * this.width - 2 * CELL_PADDING, size, options.bold),
    );
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight + CELL_PADDING;
    const top = this.y;
    if (options.band) {
      this.page.drawRectangle({
        x: MARGIN,
        y: top - height,
        width: this.width,
        height,
        color: BAND,
      });
    }
    let x = MARGIN;
    columns.forEach((column, i) => {
      const cellWidth = column.width * this.width;
      wrapped[i]!.forEach((line, index) => {
        const textWidth = this.font(options.bold).widthOfTextAtSize(line, size);
        this.page.drawText(line, {
          x: column.align === 'right' ? x + cellWidth - CELL_PADDING - textWidth : x + CELL_PADDING,
          y: top - (index + 1) * lineHeight + size * 0.3,
          size,
          font: this.font(options.bold),
        });
      });
      x += cellWidth;
    });
    this.y = top - height;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + this.width, y: this.y },
      thickness: 0.3,
      color: RULE,
    });
    return height;
  }

  /** The height `drawRow` will take for `cells` (9 pt lines, wrapped to the columns). */
  private rowHeight(columns: readonly PdfColumn[], cells: readonly string[]): number {
    const lines = columns.map(
      (c, i) => this.wrap(cells[i] ?? '', c.width * this.width - 2 * CELL_PADDING, 9).length,
    );
    return Math.max(...lines) * 11.7 + CELL_PADDING;
  }

  /** A table whose column headers are repeated at the top of each page it runs onto. */
  table(table: PdfTable) {
    const headers = table.columns.map((c) => c.header);
    this.ensure(50);
    if (table.caption) {
      this.paragraph(table.caption, { size: 10, bold: true });
    }
    this.drawRow(table.columns, headers, { bold: true, band: true });
    for (const row of table.rows) {
      if (this.ensure(this.rowHeight(table.columns, row))) {
        this.drawRow(table.columns, headers, { bold: true, band: true });
      }
      this.drawRow(table.columns, row, { bold: false, band: false });
    }
    this.space(10);
  }

  /** About how many points `section` takes (title, lines, tables), at the current widths. */
  sectionHeight(section: PdfSection): number {
    let height = 12 * 1.3 + section.lines.length * 9 * 1.3 + 4 + 6;
    for (const table of section.tables) {
      height += (table.caption ? 13 : 0) + 10;
      height += this.rowHeight(
        table.columns,
        table.columns.map((c) => c.header),
      );
      for (const row of table.rows) {
        height += this.rowHeight(table.columns, row);
      }
    }
    return height;
  }

  /**
   * Starts a new page when a block of `height` points would not fit on this one but fits on
   * a page of its own (a longer block runs over pages as it must).
   */
  keepTogether(height: number) {
    const page = A4[1] - 2 * MARGIN - FOOTER - 60;
    if (height <= page) {
      this.ensure(height);
    }
  }

  section(section: PdfSection) {
    this.ensure(80);
    this.paragraph(section.title, { size: 12, bold: true });
    for (const line of section.lines) {
      this.paragraph(line, { size: 9, muted: true });
    }
    this.space(4);
    for (const table of section.tables) {
      this.table(table);
    }
    this.space(6);
  }

  /** Empty framed boxes side by side, to fill in by hand (a tick, a signature); label top left. */
  boxes(boxes: readonly { label: string; width: number }[], height = 34) {
    this.ensure(height + 8);
    const top = this.y;
    let x = MARGIN;
    for (const box of boxes) {
      const width = box.width * this.width;
      this.page.drawRectangle({
        x,
        y: top - height,
        width,
        height,
        borderColor: RULE,
        borderWidth: 0.8,
      });
      this.page.drawText(box.label, {
        x: x + CELL_PADDING,
        y: top - 10,
        size: 8,
        font: this.fonts.regular,
        color: GREY,
      });
      x += width;
    }
    this.y = top - height;
    this.space(8);
  }

  /** Numbers the pages and returns the file. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      const text = this.options.footer(index + 1, pages.length);
      const size = 8;
      page.drawText(text, {
        x: A4[0] - MARGIN - this.fonts.regular.widthOfTextAtSize(text, size),
        y: MARGIN - 10,
        size,
        font: this.fonts.regular,
        color: GREY,
      });
    });
    return this.doc.save();
  }
}
