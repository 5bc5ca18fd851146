import type { create } from 'xmlbuilder2';
import { formatDate102 } from './cii-format.ts';

/** An element under construction (xmlbuilder2 builder). */
export type XmlNode = ReturnType<typeof create>;

/** CII D22B namespaces (UN/CEFACT), same prefixes as the official examples. */
export const CII_NAMESPACES = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
} as const;

/** Appends `<name attributes>value</name>` to the parent. */
export function leaf(
  parent: XmlNode,
  name: string,
  value: string,
  attributes?: Record<string, string>,
): void {
  parent.ele(name, attributes).txt(value);
}

/** Appends a date element holding `<udt:DateTimeString format="102">` (or qdt: for BT-26). */
export function dateLeaf(parent: XmlNode, name: string, isoDate: string, prefix = 'udt'): void {
  leaf(parent.ele(name), `${prefix}:DateTimeString`, formatDate102(isoDate), { format: '102' });
}
