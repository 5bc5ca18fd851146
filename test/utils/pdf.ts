/**
 * Reading generated PDFs back in tests: the embedded files (catalog → Names → EmbeddedFiles,
 * cross-checked with the catalog's /AF array), the XMP packet, the fonts and the text (unpdf).
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  type PDFString,
} from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';

export type EmbeddedFile = {
  name: string;
  /** /AFRelationship of the file specification, e.g. 'Data'. */
  afRelationship: string | undefined;
  /** /Subtype of the embedded file stream, e.g. 'text/xml'. */
  mimeType: string | undefined;
  /** Whether the catalog's /AF array references this file specification. */
  inCatalogAf: boolean;
  hasModDate: boolean;
  contents: string;
};

function streamBytes(stream: PDFObject | undefined): Uint8Array {
  if (!(stream instanceof PDFRawStream)) {
    throw new Error('not a stream');
  }
  return decodePDFRawStream(stream).decode();
}

function nameText(object: PDFObject | undefined): string | undefined {
  return object instanceof PDFName ? object.decodeText() : undefined;
}

export async function readEmbeddedFiles(bytes: Uint8Array): Promise<EmbeddedFile[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { catalog, context } = doc;
  const af = catalog.lookupMaybe(PDFName.of('AF'), PDFArray);
  const afRefs = new Set((af?.asArray() ?? []).map((ref) => ref.toString()));
  const names = catalog
    .lookupMaybe(PDFName.of('Names'), PDFDict)
    ?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
    ?.lookupMaybe(PDFName.of('Names'), PDFArray);
  const files: EmbeddedFile[] = [];
  for (let index = 0; names && index < names.size(); index += 2) {
    const specRef = names.get(index + 1);
    const spec = context.lookup(specRef, PDFDict);
    const stream = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'));
    const params =
      stream instanceof PDFRawStream
        ? stream.dict.lookupMaybe(PDFName.of('Params'), PDFDict)
        : undefined;
    files.push({
      name: (spec.lookup(PDFName.of('F')) as PDFString).decodeText(),
      afRelationship: nameText(spec.lookup(PDFName.of('AFRelationship'))),
      mimeType:
        stream instanceof PDFRawStream
          ? nameText(stream.dict.lookup(PDFName.of('Subtype')))
          : undefined,
      inCatalogAf: specRef instanceof PDFRef && afRefs.has(specRef.toString()),
      hasModDate: params?.has(PDFName.of('ModDate')) ?? false,
      contents: new TextDecoder().decode(streamBytes(stream)),
    });
  }
  return files;
}

/** The Factur-X XML of a PDF; throws unless exactly one `factur-x.xml` is attached. */
export async function extractFacturxXml(bytes: Uint8Array): Promise<string> {
  const files = (await readEmbeddedFiles(bytes)).filter((file) => file.name === 'factur-x.xml');
  if (files.length !== 1) {
    throw new Error(`expected one factur-x.xml, found ${files.length}`);
  }
  return files[0]!.contents;
}

export type PdfStructure = {
  xmp: string;
  /** Whether the metadata stream has a /Filter (PDF/A forbids it). */
  xmpFiltered: boolean;
  outputIntent: { subtype: string | undefined; profileComponents: number | undefined } | undefined;
  hasTrailerId: boolean;
  /** BaseFont → whether its descriptor embeds the font program as /FontFile2. */
  fonts: Record<string, boolean>;
  hasJavaScript: boolean;
  isEncrypted: boolean;
  pageCount: number;
};

export async function readPdfStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { catalog, context } = doc;
  const metadata = catalog.lookup(PDFName.of('Metadata'));
  if (!(metadata instanceof PDFRawStream)) {
    throw new Error('no XMP metadata stream');
  }
  const intents = catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  const intent = intents?.lookup(0, PDFDict);
  const profile = intent?.lookup(PDFName.of('DestOutputProfile'));
  const fonts: Record<string, boolean> = {};
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (
      object instanceof PDFDict &&
      nameText(object.lookup(PDFName.of('Type'))) === 'FontDescriptor'
    ) {
      const fontName = nameText(object.lookup(PDFName.of('FontName'))) ?? '?';
      fonts[fontName] = object.lookup(PDFName.of('FontFile2')) instanceof PDFRawStream;
    }
  }
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  return {
    xmp: new TextDecoder().decode(metadata.contents),
    xmpFiltered: metadata.dict.has(PDFName.of('Filter')),
    outputIntent: intent
      ? {
          subtype: nameText(intent.lookup(PDFName.of('S'))),
          profileComponents:
            profile instanceof PDFRawStream
              ? Number(profile.dict.lookup(PDFName.of('N'))?.toString())
              : undefined,
        }
      : undefined,
    hasTrailerId: context.trailerInfo.ID !== undefined,
    fonts,
    // Document-level scripts live in the name tree or run as open/additional actions.
    hasJavaScript:
      (names?.has(PDFName.of('JavaScript')) ?? false) ||
      catalog.has(PDFName.of('OpenAction')) ||
      catalog.has(PDFName.of('AA')),
    isEncrypted: doc.isEncrypted,
    pageCount: doc.getPageCount(),
  };
}

/** The text of every page, whitespace (incl. no-break spaces) collapsed to single spaces. */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const proxy = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(proxy, { mergePages: true });
  return text.replace(/\s+/gu, ' ');
}

/** The text of each page, in order, whitespace collapsed as in `extractPdfText`. */
export async function extractPdfPages(bytes: Uint8Array): Promise<string[]> {
  const proxy = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(proxy, { mergePages: false });
  return text.map((page) => page.replace(/\s+/gu, ' '));
}
