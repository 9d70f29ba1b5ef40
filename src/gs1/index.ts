/**
 * GS1, in one place: the AI table, the one element string parser, the check digit, element
 * strings for labels and scans, EPC URNs and Digital Link URIs. Failures are LinegateError GS1_*.
 */
export { GS, CSET82, isGs1Text, aiDigits, aiSpec, predefinedLength, type AiSpec } from './ai';
export { gs1CheckDigit, gtinCheckDigitOk } from './check-digit';
export { gs1Error, type Gs1ErrorCode } from './errors';
export { parseGs1, type Gs1Element, type ParseOptions } from './parse';
export { parseGs1Scan, type Gs1Scan } from './scan';
export { gs1ElementString, gs1Hri, gs1DataMatrix, checkGs1Text, type Gs1Fields } from './element-string';
export {
  sgtinUrn,
  lgtinUrn,
  digitalLink,
  parseDigitalLink,
  resolverProblems,
  GS1_RESOLVER,
  RESOLVER_PATTERN,
  type DigitalLinkFields,
} from './uri';
