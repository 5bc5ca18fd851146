/**
 * The invoice's layout over pdf-lib. Fonts and page size come from the shared document helper
 * (document.server.ts, DejaVu Sans); what the invoice needs beyond its flowing sections lives
 * here: text placed in columns (seller and document blocks side by side, totals beside the VAT
 * breakdown), table rows with detail lines under them (contract, price trace), a repeated table
 * header after a page break, and a fixed subset tag so that re-rendering gives the same fonts.
 * Opaque drawing only (no opacity), as PDF/A-3B without a transparency group requires.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { A4, loadFontBytes } from './document.server.ts';

const MARGIN = 40;
const FOOTER_HEIGHT = 30;
const COLORS = {
  text: rgb(0, 0, 0),
  muted: rgb(0.33, 0.33, 0.33),
  rule: rgb(0.6, 0.6, 0.6),
  band: rgb(0.93, 0.93, 0.93),
};

export type Column = { title: string; width: number; align: 'left' | 'right' };
export type TableRow = { cells: readonly string[]; details?: readonly string[] };
export type TextOptions = {
  size?: number;
  bold?: boolean;
  color?: 'text' | 'muted';
  /** Wrap width; text is left-aligned within it unless `align` says otherwise. */
  width?: number;
  align?: 'left' | 'right';
};

export class PdfWriter {
  readonly layout = {
    left: MARGIN,
    contentWidth: A4[0] - 2 * MARGIN,
    top: A4[1] - MARGIN,
    bottom: MARGIN + FOOTER_HEIGHT,
  };
  page: PDFPage;
  y: number;
  /** Re-drawn at the top of each new page while a table is being written. */
  private repeatHeader: (() => void) | undefined;

  constructor(
    readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.page = doc.addPage(A4);
    this.y = this.layout.top;
  }

  font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** Splits on spaces to fit `width`; a word longer than the width is cut. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const font = this.font(bold);
    const fits = (candidate: string) => font.widthOfTextAtSize(candidate, size) <= width;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let current = '';
      for (const word of paragraph.split(' ')) {
        const candidate = current ? `${current} ${word}` : word;
        if (fits(candidate)) {
          current = candidate;
          continue;
        }
        if (current) {
          lines.push(current);
        }
        let rest = word;
        while (!fits(rest) && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && !fits(rest.slice(0, cut))) {
            cut -= 1;
          }
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        current = rest;
      }
      lines.push(current);
    }
    return lines;
  }

  /** Draws wrapped text with its top at `y`; returns the y below it. Does not break pages. */
  drawText(text: string, x: number, y: number, options: TextOptions = {}): number {
    const size = options.size ?? 9;
    const font = this.font(options.bold);
    const width = options.width ?? this.layout.left + this.layout.contentWidth - x;
    const leading = size * 1.3;
    let cursor = y;
    for (const line of this.wrap(text, width, size, options.bold)) {
      const lineWidth = font.widthOfTextAtSize(line, size);
      this.page.drawText(line, {
        x: options.align === 'right' ? x + width - lineWidth : x,
        y: cursor - size,
        size,
        font,
        color: COLORS[options.color ?? 'text'],
      });
      cursor -= leading;
    }
    return cursor;
  }

  textHeight(text: string, width: number, size: number, bold = false): number {
    return this.wrap(text, width, size, bold).length * size * 1.3;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = this.layout.top;
    this.repeatHeader?.();
  }

  /** Starts a new page unless `height` still fits above the footer. */
  ensureSpace(height: number): void {
    if (this.y - height < this.layout.bottom) {
      this.newPage();
    }
  }

  /** A labelled party block: small caption, bold name, then one line per entry. */
  drawBlock(
    x: number,
    y: number,
    width: number,
    caption: string,
    name: string | undefined,
    lines: readonly string[],
  ): number {
    let cursor = this.drawText(caption, x, y, { size: 7.5, color: 'muted', width });
    if (name) {
      cursor = this.drawText(name, x, cursor, { size: 10.5, bold: true, width });
    }
    for (const line of lines) {
      cursor = this.drawText(line, x, cursor, { size: 9, width });
    }
    return cursor;
  }

  drawHeading(text: string): void {
    this.ensureSpace(30);
    this.y = this.drawText(text, this.layout.left, this.y, { size: 10.5, bold: true }) - 2;
  }

  drawParagraph(text: string, options: { size?: number; bold?: boolean } = {}): void {
    const size = options.size ?? 9;
    this.ensureSpace(this.textHeight(text, this.layout.contentWidth, size, options.bold));
    this.y = this.drawText(text, this.layout.left, this.y, { ...options, size }) - 2;
  }

  /**
   * A table flowing from `this.y`: a grey header band, one row per entry with its cells
   * wrapped in their column, and optional detail lines (smaller, muted) under the row across
   * all but the last two columns. Rows never split; the header repeats on each new page.
   */
  drawTable(
    columns: readonly Column[],
    rows: readonly TableRow[],
    options: { title?: string } = {},
  ) {
    const { left } = this.layout;
    const tableWidth = columns.reduce((sum, column) => sum + column.width, 0);
    const detailWidth = columns.slice(0, -2).reduce((sum, column) => sum + column.width, 0) - 8;
    const padding = 4;
    const drawHeader = () => {
      if (options.title) {
        this.y = this.drawText(options.title, left, this.y, { size: 9.5, bold: true }) - 2;
      }
      const height = 16;
      this.page.drawRectangle({
        x: left,
        y: this.y - height,
        width: tableWidth,
        height,
        color: COLORS.band,
      });
      let x = left;
      for (const column of columns) {
        this.drawText(column.title, x + padding, this.y - 4, {
          size: 8,
          bold: true,
          width: column.width - 2 * padding,
          align: column.align,
        });
        x += column.width;
      }
      this.y -= height + 3;
    };
    const rowHeight = (row: TableRow) => {
      const cells = Math.max(
        ...row.cells.map((cell, index) =>
          this.textHeight(cell, (columns[index]?.width ?? 0) - 2 * padding, 9),
        ),
      );
      const details = (row.details ?? []).reduce(
        (sum, detail) => sum + this.textHeight(detail, detailWidth, 7.5),
        0,
      );
      return cells + details + 5;
    };

    this.ensureSpace(40 + (rows[0] ? rowHeight(rows[0]) : 0));
    drawHeader();
    this.repeatHeader = drawHeader;
    for (const row of rows) {
      this.ensureSpace(rowHeight(row));
      let x = left;
      let bottom = this.y;
      for (const [index, cell] of row.cells.entries()) {
        const column = columns[index];
        if (!column) {
          continue;
        }
        const end = this.drawText(cell, x + padding, this.y, {
          size: 9,
          width: column.width - 2 * padding,
          align: column.align,
        });
        bottom = Math.min(bottom, end);
        x += column.width;
      }
      for (const detail of row.details ?? []) {
        bottom = this.drawText(detail, left + padding + 8, bottom, {
          size: 7.5,
          color: 'muted',
          width: detailWidth,
        });
      }
      this.y = bottom - 2;
      this.page.drawLine({
        start: { x: left, y: this.y },
        end: { x: left + tableWidth, y: this.y },
        thickness: 0.4,
        color: COLORS.rule,
      });
      this.y -= 3;
    }
    this.repeatHeader = undefined;
  }

  /** Writes the footer of every page, once their number is known. */
  drawFooters(text: (index: number, count: number) => string): void {
    const pages = this.doc.getPages();
    for (const [index, page] of pages.entries()) {
      const line = text(index, pages.length);
      const saved = this.page;
      this.page = page;
      page.drawLine({
        start: { x: this.layout.left, y: MARGIN + 14 },
        end: { x: this.layout.left + this.layout.contentWidth, y: MARGIN + 14 },
        thickness: 0.4,
        color: COLORS.rule,
      });
      this.drawText(line, this.layout.left, MARGIN + 10, { size: 7, color: 'muted' });
      this.page = saved;
    }
  }
}

/**
 * A new document with the fonts embedded (subset: only the glyphs used travel in the file).
 * `updateMetadata: false`: the PDF/A step writes dates and producer itself, matching the XMP.
 */
export async function createDocument(): Promise<PdfWriter> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const bytes = await loadFontBytes();
  // A fixed six-letter subset tag (ISO 32000 §9.6.4) keeps the output reproducible.
  const [regular, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: true, customName: 'CABASR+DejaVuSans' }),
    doc.embedFont(bytes.bold, { subset: true, customName: 'CABASB+DejaVuSans-Bold' }),
  ]);
  return new PdfWriter(doc, { regular, bold });
}
