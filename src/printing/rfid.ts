import { LinegateError } from '../errors';
/**
 * RFID labels on Zebra RFID printers: the commands that encode the unit's EPC into the label's
 * tag and report the result (RFID Programming Guide, ^RS, ^RF, ^HV):
 * - `^RS8,,,1,E`: Gen 2 tags, one try per label, and error mode on a failed encode: the printer
 *   voids that one label and stops, so a failed encode is reported, never silently voided;
 * - `^RFW,H,,,A^FD<epc>^FS`: write the EPC (hex) to the EPC bank, adjusting the PC bits;
 * - `^FN<n>^RFR,H^FS`: read the EPC back into field n;
 * - `^FH_^HV<n>,24,_02EPC:,_03_0D_0A,L^FS`: return field n to the host framed in STX/ETX with the
 *   header EPC:, like a status answer, once per label.
 * The driver confirms the label only when that read-back equals the unit's EPC.
 */

/** The field number the read-back goes to (high enough not to meet a template's ^FN fields). */
const READ_FIELD = 9901;

/** The RFID commands for one label encoding `epc` (24 hex digits, an EPC-96). */
export function rfidCommands(epc: string): string {
  if (!/^[0-9A-F]{24}$/.test(epc))
    throw new LinegateError(
      'LABEL_RFID_INVALID',
      `EPC ${JSON.stringify(epc)} is not 24 upper-case hex digits`,
    );
  return (
    `^RS8,,,1,E` +
    `^RFW,H,,,A^FD${epc}^FS` +
    `^FN${READ_FIELD}^RFR,H^FS` +
    `^FH_^HV${READ_FIELD},24,_02EPC:,_03_0D_0A,L^FS`
  );
}

/** The label with the RFID commands placed before its closing ^XZ (one format per label). */
export function withRfid(zpl: Buffer, epc: string): Buffer {
  const text = zpl.toString('latin1');
  const end = text.lastIndexOf('^XZ');
  if (end < 0 || text.indexOf('^XA') !== text.lastIndexOf('^XA'))
    throw new LinegateError(
      'LABEL_RFID_INVALID',
      'an RFID label must be exactly one format (^XA … ^XZ, one copy)',
    );
  return Buffer.from(text.slice(0, end) + rfidCommands(epc) + text.slice(end), 'latin1');
}
