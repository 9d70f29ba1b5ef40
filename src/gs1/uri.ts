// GS1 identifiers as URIs: EPC pure-identity URNs (GS1 EPC Tag Data Standard: SGTIN, LGTIN class)
// and GS1 Digital Link URIs (GS1 Digital Link standard: URI syntax). EPCIS events, labels ({{digitalLink}})
// and passports name a unit by these.
import { isGs1Text } from './ai';
import { gtinCheckDigitOk } from './check-digit';
import { gs1Error } from './errors';

function checkGtin(gtin: string): void {
  if (!gtinCheckDigitOk(gtin)) {
    throw gs1Error('GS1_BAD_GTIN', `GTIN ${JSON.stringify(gtin)} is not 14 digits with a valid check digit`);
  }
}

function checkText(ai: string, text: string): void {
  if (!isGs1Text(text)) {
    throw gs1Error('GS1_BAD_CHAR', `(${ai}) ${JSON.stringify(text)} is not 1-20 characters of GS1 CSet 82`);
  }
}

// TDS "EPC URI escaping": these CSet 82 characters are not allowed bare in a URN component.
const EPC_ESCAPES: Readonly<Record<string, string>> = {
  '"': '%22',
  '%': '%25',
  '&': '%26',
  '/': '%2F',
  '<': '%3C',
  '>': '%3E',
  '?': '%3F',
};

function epcEscape(text: string): string {
  return text.replace(/["%&/<>?]/g, (c) => EPC_ESCAPES[c]);
}

/** company prefix and indicator+item reference of a GTIN-14 whose prefix has `digits` digits. */
function gtinParts(gtin: string, digits: number): string {
  checkGtin(gtin);
  if (!Number.isInteger(digits) || digits < 6 || digits > 12) {
    throw new TypeError(`company prefix length ${digits} is not 6-12`);
  }
  return `${gtin.slice(1, 1 + digits)}.${gtin[0]}${gtin.slice(1 + digits, 13)}`;
}

/** `urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial`; throws a GS1_* LinegateError on a bad GTIN or serial. */
export function sgtinUrn(gtin: string, serial: string, companyPrefixDigits: number): string {
  checkText('21', serial);
  return `urn:epc:id:sgtin:${gtinParts(gtin, companyPrefixDigits)}.${epcEscape(serial)}`;
}

/** `urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot`: a GTIN's lot as an EPC class. */
export function lgtinUrn(gtin: string, lot: string, companyPrefixDigits: number): string {
  checkText('10', lot);
  return `urn:epc:class:lgtin:${gtinParts(gtin, companyPrefixDigits)}.${epcEscape(lot)}`;
}

/** GS1's own resolver: the canonical Digital Link host (used when no other is configured). */
export const GS1_RESOLVER = 'https://id.gs1.org';

/** A resolver base URL: http(s)://host[:port][/path], no trailing "/", query or fragment. */
export const RESOLVER_PATTERN = '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^?#\\s]*[^/?#\\s])?$';
const RESOLVER = new RegExp(RESOLVER_PATTERN);

/** Problems of a resolver base URL; [] when fine. */
export function resolverProblems(resolver: string): string[] {
  return RESOLVER.test(resolver)
    ? []
    : ['must be http(s)://host[:port][/path] without a trailing "/", query or fragment'];
}

// Digital Link URI syntax: path values are percent-encoded except the URI unreserved characters.
function dlEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The parts of a Digital Link URI. */
export interface DigitalLinkFields {
  gtin: string;
  serial?: string;
  lot?: string;
}

/**
 * `{resolver}/01/{gtin}[/10/{lot}][/21/{serial}]` (a lot and a serial are both qualifiers of the
 * GTIN; the standard orders them 22, 10, 21). Throws a GS1_* LinegateError on a bad field, TypeError on a bad
 * resolver.
 */
export function digitalLink(resolver: string, fields: DigitalLinkFields): string {
  const problems = resolverProblems(resolver);
  if (problems.length > 0) throw new TypeError(`resolver ${JSON.stringify(resolver)} ${problems[0]}`);
  checkGtin(fields.gtin);
  let uri = `${resolver}/01/${fields.gtin}`;
  if (fields.lot !== undefined) {
    checkText('10', fields.lot);
    uri += `/10/${dlEncode(fields.lot)}`;
  }
  if (fields.serial !== undefined) {
    checkText('21', fields.serial);
    uri += `/21/${dlEncode(fields.serial)}`;
  }
  return uri;
}

/** The GTIN, serial and lot of a Digital Link URI built by digitalLink (for tests and checks). */
export function parseDigitalLink(uri: string): DigitalLinkFields & { resolver: string } {
  const m = /^(https?:\/\/.+?)\/01\/(\d{14})(?:\/10\/([^/]+))?(?:\/21\/([^/]+))?$/.exec(uri);
  if (!m) throw gs1Error('GS1_BAD_SCAN', `${JSON.stringify(uri)} is not a GS1 Digital Link URI`);
  checkGtin(m[2]);
  const out: DigitalLinkFields & { resolver: string } = { resolver: m[1], gtin: m[2] };
  if (m[3] !== undefined) out.lot = decodeURIComponent(m[3]);
  if (m[4] !== undefined) out.serial = decodeURIComponent(m[4]);
  return out;
}
