// SGTIN-96 EPC binary encoding (GS1 EPC Tag Data Standard, SGTIN-96 coding table): the tag identity a
// start station can bind to a unit's GTIN and serial.
import { checkAlgorithms } from './check';
import { gtinCheckDigitOk } from '../gs1';
import { LinegateError, type CodeIn } from '../errors';

/** The fields of an SGTIN-96. */
export interface Sgtin {
  /** filter value 0-7 (TDS filter values for SGTIN: 0 all others, 1 POS trade item, 2 full case, ...). */
  filter: number;
  /** GS1 company prefix, 6-12 digits; its length selects the partition. */
  companyPrefix: string;
  /** indicator digit followed by the item reference: 13 minus companyPrefix.length digits. */
  itemReference: string;
  /** decimal serial without leading zeros, 0..274877906943 (38 bits). */
  serial: string;
}

const HEADER = 0x30n;
const MAX_SERIAL = (1n << 38n) - 1n;
const URI_PREFIX = 'urn:epc:tag:sgtin-96:';

// TDS SGTIN partition table: partition value -> company prefix bits and digits; the item
// reference gets the rest of the 44 bits and 13 minus those digits.
const PARTITIONS: ReadonlyArray<readonly [cpBits: number, cpDigits: number]> = [
  [40, 12],
  [37, 11],
  [34, 10],
  [30, 9],
  [27, 8],
  [24, 7],
  [20, 6],
];

function fail(code: CodeIn<'EPC_'>, message: string): never {
  throw new LinegateError(code, message);
}

function checkSgtin(s: Sgtin): number {
  if (!Number.isInteger(s.filter) || s.filter < 0 || s.filter > 7) {
    fail('EPC_BAD_INPUT', `filter ${s.filter} is not an integer 0-7`);
  }
  if (!/^\d+$/.test(s.companyPrefix)) {
    fail('EPC_BAD_INPUT', `company prefix ${JSON.stringify(s.companyPrefix)} is not digits`);
  }
  const partition = PARTITIONS.findIndex(([, digits]) => digits === s.companyPrefix.length);
  if (partition < 0) {
    fail(
      'EPC_BAD_PARTITION',
      `company prefix ${s.companyPrefix} has ${s.companyPrefix.length} digits, not 6-12`,
    );
  }
  const irDigits = 13 - s.companyPrefix.length;
  if (!new RegExp(`^\\d{${irDigits}}$`).test(s.itemReference)) {
    fail('EPC_BAD_INPUT', `item reference ${JSON.stringify(s.itemReference)} must be ${irDigits} digits`);
  }
  // TDS, SGTIN-96: the serial is numeric, without leading zeros, and fits in 38 bits.
  if (!/^(0|[1-9]\d*)$/.test(s.serial) || BigInt(s.serial) > MAX_SERIAL) {
    fail(
      'EPC_BAD_SERIAL',
      `serial ${JSON.stringify(s.serial)} is not a decimal 0-${MAX_SERIAL} without leading zeros`,
    );
  }
  return partition;
}

/** The SGTIN-96 binary encoding of `s` as 24 uppercase hex characters; throws LinegateError (EPC_*). */
export function encodeSgtin96(s: Sgtin): string {
  const partition = checkSgtin(s);
  const cpBits = BigInt(PARTITIONS[partition][0]);
  let v = HEADER;
  v = (v << 3n) | BigInt(s.filter);
  v = (v << 3n) | BigInt(partition);
  v = (v << cpBits) | BigInt(s.companyPrefix);
  v = (v << (44n - cpBits)) | BigInt(s.itemReference);
  v = (v << 38n) | BigInt(s.serial);
  return v.toString(16).toUpperCase().padStart(24, '0');
}

/** Decodes 24 hex characters (any case) of an SGTIN-96 with its GTIN-14 and tag URI; throws LinegateError (EPC_*). */
export function decodeSgtin96(hex: string): Sgtin & { gtin: string; uri: string } {
  if (!/^[0-9A-Fa-f]{24}$/.test(hex)) {
    fail('EPC_BAD_INPUT', `EPC ${JSON.stringify(hex)} is not 24 hex characters`);
  }
  const v = BigInt('0x' + hex);
  const header = v >> 88n;
  if (header !== HEADER) {
    fail('EPC_BAD_HEADER', `EPC header 0x${header.toString(16).padStart(2, '0')} is not SGTIN-96 (0x30)`);
  }
  const filter = Number((v >> 85n) & 7n);
  const partition = Number((v >> 82n) & 7n);
  if (partition >= PARTITIONS.length) fail('EPC_BAD_PARTITION', `EPC partition ${partition} is not 0-6`);
  const [cpBitsN, cpDigits] = PARTITIONS[partition];
  const cpBits = BigInt(cpBitsN);
  const cp = (v >> (38n + 44n - cpBits)) & ((1n << cpBits) - 1n);
  const ir = (v >> 38n) & ((1n << (44n - cpBits)) - 1n);
  // TDS decoding of partitioned fields: a value that does not fit its digit count is not a valid encoding.
  const companyPrefix = cp.toString().padStart(cpDigits, '0');
  const itemReference = ir.toString().padStart(13 - cpDigits, '0');
  if (companyPrefix.length > cpDigits || itemReference.length > 13 - cpDigits) {
    fail(
      'EPC_BAD_PARTITION',
      `EPC fields ${cp}.${ir} exceed partition ${partition} (${cpDigits}+${13 - cpDigits} digits)`,
    );
  }
  const serial = (v & MAX_SERIAL).toString();
  const body = itemReference[0] + companyPrefix + itemReference.slice(1);
  const gtin = body + checkAlgorithms.gs1.compute(body);
  const uri = `${URI_PREFIX}${filter}.${companyPrefix}.${itemReference}.${serial}`;
  return { filter, companyPrefix, itemReference, serial, gtin, uri };
}

/** The SGTIN of a GTIN-14 whose company prefix has `companyPrefixDigits` digits; filter 0 = all others. */
export function sgtinFromGtin(
  gtin14: string,
  serial: string,
  companyPrefixDigits: number,
  filter = 0,
): Sgtin {
  if (!gtinCheckDigitOk(gtin14)) {
    fail('EPC_BAD_INPUT', `GTIN ${JSON.stringify(gtin14)} is not 14 digits with a valid check digit`);
  }
  if (!Number.isInteger(companyPrefixDigits) || companyPrefixDigits < 6 || companyPrefixDigits > 12) {
    fail('EPC_BAD_PARTITION', `company prefix length ${companyPrefixDigits} is not 6-12`);
  }
  const s: Sgtin = {
    filter,
    companyPrefix: gtin14.slice(1, 1 + companyPrefixDigits),
    itemReference: gtin14[0] + gtin14.slice(1 + companyPrefixDigits, 13),
    serial,
  };
  checkSgtin(s);
  return s;
}

/** Parses `urn:epc:tag:sgtin-96:F.CCCCCCC.IIIIII.S` into its fields; throws LinegateError (EPC_*). */
export function parseSgtin96Uri(uri: string): Sgtin {
  if (!uri.startsWith(URI_PREFIX)) {
    fail('EPC_BAD_INPUT', `${JSON.stringify(uri)} does not start with ${URI_PREFIX}`);
  }
  const parts = uri.slice(URI_PREFIX.length).split('.');
  if (parts.length !== 4 || !/^\d$/.test(parts[0])) {
    fail(
      'EPC_BAD_INPUT',
      `${JSON.stringify(uri)} is not ${URI_PREFIX}filter.companyPrefix.itemReference.serial`,
    );
  }
  const s: Sgtin = {
    filter: Number(parts[0]),
    companyPrefix: parts[1],
    itemReference: parts[2],
    serial: parts[3],
  };
  checkSgtin(s);
  return s;
}
