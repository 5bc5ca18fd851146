import type {
  DeliveryAddress,
  InvoiceParty,
  PostalAddress,
} from '#app/domain/invoicing/invoice-types.ts';
import { leaf, type XmlNode } from './cii-xml.ts';

function addAddress(parent: XmlNode, address: PostalAddress): void {
  // Element order of ram:TradeAddressType (CII D22B / Factur-X XSD).
  const node = parent.ele('ram:PostalTradeAddress');
  leaf(node, 'ram:PostcodeCode', address.postcode);
  leaf(node, 'ram:LineOne', address.line1);
  if (address.line2) {
    leaf(node, 'ram:LineTwo', address.line2);
  }
  leaf(node, 'ram:CityName', address.city);
  leaf(node, 'ram:CountryID', address.countryCode);
}

/**
 * Seller (BG-4) or buyer (BG-7): SIRET as global id with scheme 0009 (BT-29/BT-46, BR-FR-09),
 * SIREN as legal registration id with scheme 0002 (BT-30/BT-47, BR-FR-10/11), electronic
 * address (BT-34/BT-49, BR-FR-12/13) and VAT number with scheme VA (BT-31/BT-48).
 */
export function addParty(parent: XmlNode, elementName: string, party: InvoiceParty): void {
  const node = parent.ele(elementName);
  if (party.siret) {
    leaf(node, 'ram:GlobalID', party.siret, { schemeID: '0009' });
  }
  leaf(node, 'ram:Name', party.name);
  if (party.siren) {
    leaf(node.ele('ram:SpecifiedLegalOrganization'), 'ram:ID', party.siren, { schemeID: '0002' });
  }
  addAddress(node, party.address);
  leaf(node.ele('ram:URIUniversalCommunication'), 'ram:URIID', party.electronicAddress.value, {
    schemeID: party.electronicAddress.scheme,
  });
  if (party.vatNumber) {
    leaf(node.ele('ram:SpecifiedTaxRegistration'), 'ram:ID', party.vatNumber, { schemeID: 'VA' });
  }
}

/** Deliver-to party (BG-13/BG-15), printed when it differs from the buyer's address. */
export function addShipTo(parent: XmlNode, address: DeliveryAddress): void {
  const node = parent.ele('ram:ShipToTradeParty');
  if (address.name) {
    leaf(node, 'ram:Name', address.name);
  }
  addAddress(node, address);
}
