/**
 * PDF/A-3B conformance and the Factur-X wrapper for documents drawn with pdf-lib
 * (ISO 19005-3; Factur-X 1.0x specification, FNFE-MPE): document information and the matching
 * XMP metadata (uncompressed, with the PDF/A identification), an sRGB output intent, a document
 * ID in the trailer and, for Factur-X, the CII XML as the associated file `factur-x.xml`
 * (AFRelationship /Data, MIME text/xml, referenced from the catalog's /AF array) with the fx:
 * XMP properties and their PDF/A extension-schema description.
 *
 * What the caller must do for conformance: embed every font (pdf-lib + fontkit with a TTF),
 * draw opaque content only (no opacity, no blend modes: no transparency group), add no
 * JavaScript, actions, annotations or encryption.
 */
import { createHash } from 'node:crypto';
import { AFRelationship, type PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { srgbIccProfile } from './srgb-icc.server.ts';

/** The attachment name the Factur-X specification requires. */
export const FACTURX_FILE_NAME = 'factur-x.xml';

/** XMP namespace of the Factur-X properties (Factur-X 1.0, all profiles). */
export const FACTURX_XMP_NAMESPACE = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

export type FacturxConformanceLevel = 'MINIMUM' | 'BASIC WL' | 'BASIC' | 'EN 16931' | 'EXTENDED';

export type PdfaDocumentInfo = {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  /** Application that created the content (xmp:CreatorTool, /Creator). */
  creator: string;
  /** Library that wrote the PDF (pdf:Producer, /Producer). */
  producer: string;
  /** Creation and modification instant (both the same: a generated document is never edited). */
  createdAt: Date;
  /** RFC 3066 language of the text, e.g. fr-FR. */
  language: string;
};

export type FacturxPayload = {
  xml: string;
  conformanceLevel: FacturxConformanceLevel;
  /** INVOICE for invoices and credit notes alike (the type code is inside the XML). */
  documentType?: 'INVOICE' | 'ORDER' | 'ORDER_RESPONSE' | 'ORDER_CHANGE';
};

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** 2026-09-15T08:30:00Z: second precision, like the /CreationDate of PDFString.fromDate. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function facturxXmp(payload: FacturxPayload): string {
  const property = (name: string, description: string) => `
              <rdf:li rdf:parseType="Resource">
                <pdfaProperty:name>${name}</pdfaProperty:name>
                <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                <pdfaProperty:category>external</pdfaProperty:category>
                <pdfaProperty:description>${description}</pdfaProperty:description>
              </rdf:li>`;
  return `
    <rdf:Description rdf:about=""
        xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
        xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
        xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
      <pdfaExtension:schemas>
        <rdf:Bag>
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>${FACTURX_XMP_NAMESPACE}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>fx</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>${property('DocumentFileName', 'Name of the embedded XML invoice file')}${property('DocumentType', 'Type of the hybrid document: INVOICE')}${property('Version', 'Version of the Factur-X XML schema')}${property('ConformanceLevel', 'Factur-X profile of the embedded XML')}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>
        </rdf:Bag>
      </pdfaExtension:schemas>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:fx="${FACTURX_XMP_NAMESPACE}">
      <fx:DocumentType>${payload.documentType ?? 'INVOICE'}</fx:DocumentType>
      <fx:DocumentFileName>${FACTURX_FILE_NAME}</fx:DocumentFileName>
      <fx:Version>1.0</fx:Version>
      <fx:ConformanceLevel>${payload.conformanceLevel}</fx:ConformanceLevel>
    </rdf:Description>`;
}

/** The XMP packet: PDF/A-3B identification and the same values as the document information. */
export function buildXmp(info: PdfaDocumentInfo, facturx?: FacturxPayload): string {
  const date = xmpDate(info.createdAt);
  const text = (value: string) => escapeXml(value);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
      <pdfaid:part>3</pdfaid:part>
      <pdfaid:conformance>B</pdfaid:conformance>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:format>application/pdf</dc:format>
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${text(info.title)}</rdf:li></rdf:Alt></dc:title>
      <dc:creator><rdf:Seq><rdf:li>${text(info.author)}</rdf:li></rdf:Seq></dc:creator>
      <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${text(info.subject)}</rdf:li></rdf:Alt></dc:description>
      <dc:language><rdf:Bag><rdf:li>${text(info.language)}</rdf:li></rdf:Bag></dc:language>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
      <pdf:Producer>${text(info.producer)}</pdf:Producer>
      <pdf:Keywords>${text(info.keywords)}</pdf:Keywords>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
      <xmp:CreatorTool>${text(info.creator)}</xmp:CreatorTool>
      <xmp:CreateDate>${date}</xmp:CreateDate>
      <xmp:ModifyDate>${date}</xmp:ModifyDate>
      <xmp:MetadataDate>${date}</xmp:MetadataDate>
    </rdf:Description>${facturx ? facturxXmp(facturx) : ''}
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/**
 * Turns a drawn pdf-lib document into PDF/A-3B, and into Factur-X when `facturx` is given.
 * Call once, after drawing and before `save()`; create the document with
 * `PDFDocument.create({ updateMetadata: false })` so that save() keeps these dates.
 */
export async function finalizePdfA3(
  doc: PDFDocument,
  info: PdfaDocumentInfo,
  facturx?: FacturxPayload,
): Promise<void> {
  const { context, catalog } = doc;
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setKeywords([info.keywords]);
  doc.setCreator(info.creator);
  doc.setProducer(info.producer);
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  doc.setLanguage(info.language);

  // ISO 19005-3 §6.6.2.1: the metadata stream is not filtered, so archives can read it as is.
  const xmp = new TextEncoder().encode(buildXmp(info, facturx));
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const profile = context.flateStream(srgbIccProfile(), { N: 3 });
  const outputIntent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: context.register(profile),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(outputIntent)]));

  const id = createHash('sha256')
    .update(info.title)
    .update(info.createdAt.toISOString())
    .update(facturx?.xml ?? '')
    .digest('hex')
    .slice(0, 32);
  context.trailerInfo.ID = context.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  if (facturx) {
    // pdf-lib writes the Filespec (/F, /UF, /AFRelationship), the EmbeddedFile stream with its
    // /Subtype and /Params, the /Names /EmbeddedFiles entry, and appends to the catalog's /AF.
    await doc.attach(new TextEncoder().encode(facturx.xml), FACTURX_FILE_NAME, {
      mimeType: 'text/xml',
      description: `Factur-X ${facturx.conformanceLevel}`,
      creationDate: info.createdAt,
      modificationDate: info.createdAt,
      afRelationship: AFRelationship.Data,
    });
  }
}
